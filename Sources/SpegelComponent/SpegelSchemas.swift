/// The schemas of the component's inputs.
public enum SpegelSchemas {
    static let image: ValueSchema = .object("A container image.", [
        "repository": .string("Repository, including the registry host."),
        "tag": .string("Tag; empty means the chart's appVersion."),
        "digest": .string("Digest (sha256:…); pins the image."),
        "pullPolicy": .string("Image pull policy."),
    ])

    static let kubernetesObjects = "Kubernetes objects, passed through unchanged."

    /// The bundled chart's values, i.e. the `Spegel` custom resource's `spec`.
    public static let chartValues: ValueSchema = .object("Values of the bundled spegel chart.", [
        "image": image,
        "imagePullSecrets": .array("Secrets used to pull the images.", .freeForm("A LocalObjectReference.")),
        "fullnameOverride": .string("Overrides the name of every object."),
        "clusterDomain": .string("DNS domain of the cluster."),
        "mirroredRegistries": .array("Registries mirrored through spegel; empty means every registry.", .string("A registry host, e.g. docker.io.")),
        "mirrorResolveRetries": .integer("How many peers are asked before falling back upstream."),
        "mirrorResolveTimeout": .string("How long to wait for a peer per attempt (Go duration, e.g. 20ms)."),
        "resolveTags": .boolean("Whether tags are resolved through peers."),
        "ports": .object("Host ports of the daemon.", [
            "registry": .integer("The OCI registry port."),
            "router": .integer("The peer router port."),
            "metrics": .integer("The metrics port."),
        ]),
        "spegel": .object("containerd integration of the daemon.", [
            "containerdSock": .string("containerd's socket on the host."),
            "containerdNamespace": .string("containerd namespace whose images are shared."),
            "containerdContentPath": .string("containerd's content store on the host."),
            "containerdRegistryConfigPath": .string("containerd's registry config directory (config_path)."),
            "registryFilters": .array("Regular expressions of references never served by peers.", .string("A regular expression.")),
        ]),
        "resources": .freeForm("Resources of the registry container."),
        "tolerations": .array("Tolerations of the DaemonSets.", .freeForm("A Toleration.")),
        "nodeSelector": .stringMap("Node selector of the DaemonSets."),
        "affinity": .freeForm("Affinity of the DaemonSets."),
        "priorityClassName": .string("Priority class of the pods."),
        "podAnnotations": .stringMap("Extra annotations of the spegel pods."),
        "podLabels": .stringMap("Extra labels of the spegel pods."),
        "extraInitContainers": .array("Init containers added to the spegel pods.", .freeForm(kubernetesObjects)),
        "extraVolumes": .array("Volumes added to the spegel pods.", .freeForm(kubernetesObjects)),
        "updateStrategy": .freeForm("Update strategy of the spegel DaemonSet."),
        "containerdPrep": .object("The spegel-containerd-prep DaemonSet.", [
            "enabled": .boolean("Whether it is deployed."),
            "containerdConfigPath": .string("containerd's config.toml on the host."),
            "image": image,
            "resources": .freeForm("Resources of the keepalive container."),
        ]),
        "cleanup": .object("The post-delete hook removing the mirror configuration.", [
            "enabled": .boolean("Whether the hook is rendered."),
            "port": .integer("Port on which cleanup pods report completion."),
        ]),
        "serviceMonitor": .object("A Prometheus Operator ServiceMonitor.", [
            "enabled": .boolean("Whether it is rendered."),
            "interval": .string("Scrape interval."),
            "scrapeTimeout": .string("Scrape timeout."),
            "labels": .stringMap("Extra labels."),
        ]),
        "networkPolicy": .object("A NetworkPolicy admitting the daemon's ports.", [
            "enabled": .boolean("Whether it is rendered."),
        ]),
        "grafanaDashboard": .object("A ConfigMap holding a Grafana dashboard.", [
            "enabled": .boolean("Whether it is rendered."),
            "labels": .stringMap("Labels the Grafana sidecar selects by."),
            "annotations": .stringMap("Annotations of the ConfigMap."),
        ]),
    ])

    /// The operator values (`spegelctl render` input).
    public static let operatorValues: ValueSchema = .object("Operator values.", [
        "cloudProvider": .string("The cloud the cluster runs on; nebius enables spegel by default."),
        "images": .object("Images of the component.", [
            "spegel": .string("The spegel daemon image reference."),
            "saturnK8sUtils": .string("The containerd-prep keepalive image reference."),
        ]),
        "imageMirror": .string("Registry (HOST[/PREFIX]) every image is rewritten to."),
        "saturnComponents": .object("Saturn components.", [
            "spegel": .object("The spegel component.", [
                "enabled": .boolean("Whether spegel is deployed; unset means the provider default."),
                "namespaceLabels": .stringMap("Labels of the spegel Namespace."),
                "values": chartValues,
            ]),
        ]),
    ])
}
