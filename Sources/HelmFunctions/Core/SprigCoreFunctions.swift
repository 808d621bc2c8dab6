// The registry of the Sprig v3 and Helm functions implemented in this folder.
import Foundation
import GoTemplate


/// Sprig v3's string, list, dict, math, conversion, regex, path, URL and semver functions, plus
/// Helm's `required`, `fail` and `lookup` (which renders an empty map, as `helm template` does).
/// Crypto, date, random and network functions live elsewhere; `env`/`expandenv` are absent as in Helm.
///
/// Arguments arrive in call order with the piped value last, as Go's template engine passes them.
/// Maps are ``GoMap`` references: `set`, `unset`, `merge` and `mergeOverwrite` change the map they
/// are given. `keys` (per map, maps in argument order) and `values` follow sorted keys where Go's
/// order is random (charts sort anyway), so output is deterministic.
public enum SprigCoreFunctions {
    /// All functions by template name.
    public static var all: [String: TemplateFunction] {
        var functions: [String: TemplateFunction] = [:]
        for family in [StringFunctions.all, ConversionFunctions.all, MathFunctions.all, ListFunctions.all,
                       DictFunctions.all, RegexFunctions.all, PathFunctions.all, URLFunctions.all,
                       SemverFunctions.all, HelmCoreFunctions.all] {
            functions.merge(family) { _, new in new }
        }
        return functions
    }
}
