// System libzstd (Debian libzstd-dev), used by AirGapBundle to write and read `--compress zstd` bundles.
#include <zstd.h>
