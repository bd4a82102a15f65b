using System.Reflection;
using System.Text.RegularExpressions;
using HealthMesh.Deployment.Tests.Configuration;
using HealthMesh.Deployment.Tests.Containers;
using HealthMesh.ServiceDefaults.Messaging;

namespace HealthMesh.Deployment.Tests.Kubernetes;

/// <summary>
/// infra/k8s (kustomize base, Dapr components, overlays) parsed with YamlDotNet and checked against the solution:
/// known kinds, a Deployment per service host with probes and resources on the port its image listens on, settings
/// its options classes bind, secrets only by reference, KEDA scaling on the queues the code consumes, Dapr wiring.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly HashSet<(string ApiVersion, string Kind)> KnownKinds =
    [
        ("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Service"), ("v1", "PersistentVolumeClaim"),
        ("apps/v1", "Deployment"), ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
        ("keda.sh/v1alpha1", "ScaledObject"),
        ("dapr.io/v1alpha1", "Component"), ("dapr.io/v1alpha1", "Configuration"),
        ("kustomize.config.k8s.io/v1beta1", "Kustomization"),
    ];

    /// <summary>Queues of rare commands consumed by a service that scales on another queue: queue → that service.</summary>
    private static readonly Dictionary<string, string> UnscaledQueues = new()
    {
        [KnownQueues.PurgeReidentificationData] = "deidentification",
        [KnownQueues.CheckPatientConsent] = "intake",
    };

    private static IEnumerable<Manifest> Resources => Manifest.All.Where(m => m.Kind != "Kustomization" && !IsPatch(m));

    [Fact]
    public void Every_document_parses_with_a_known_kind_and_a_valid_name()
    {
        Assert.NotEmpty(Manifest.All);
        foreach (var manifest in Manifest.All)
        {
            Assert.True(KnownKinds.Contains((manifest.ApiVersion, manifest.Kind)), $"{manifest}: unknown apiVersion/kind {manifest.ApiVersion}/{manifest.Kind}");
            if (manifest.Kind != "Kustomization")
            {
                Assert.Matches(DnsLabel(), manifest.Name);
            }
        }

        var duplicates = Resources.GroupBy(m => (m.Kind, m.Name, Directory.GetParent(m.File)!.Name)).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Kustomizations_list_every_manifest_beside_them_and_only_files_that_exist()
    {
        foreach (var kustomization in Manifest.All.Where(m => m.Kind == "Kustomization"))
        {
            var folder = Path.GetDirectoryName(Path.Combine(DeployableService.RepositoryRoot, kustomization.File))!;
            var listed = ((List<object>?)kustomization.Get("resources") ?? []).Cast<string>().ToList();
            foreach (var resource in listed)
            {
                var path = Path.GetFullPath(Path.Combine(folder, resource));
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{kustomization.File} lists {resource}, which does not exist");
            }

            var patches = Manifest.Items(kustomization.Get("patches")).Select(p => p.GetValueOrDefault("path") as string).OfType<string>().ToList();
            foreach (var patch in patches)
            {
                Assert.True(File.Exists(Path.Combine(folder, patch)), $"{kustomization.File}: patch {patch} does not exist");
            }

            var unlisted = Directory.GetFiles(folder, "*.yaml")
                .Select(Path.GetFileName)
                .Where(f => f != "kustomization.yaml" && !listed.Contains(f!) && !patches.Contains(f!));
            Assert.Empty(unlisted);
        }
    }

    public static TheoryData<string> ServiceNames() => [.. DeployableService.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Every_service_host_has_a_probed_sized_Deployment_on_the_port_its_image_listens_on(string name)
    {
        var service = DeployableService.ByName(name);
        var deployment = Single("Deployment", name);
        var container = Assert.Single(Manifest.Items(deployment.Get("spec.template.spec.containers")));

        Assert.StartsWith($"healthmesh/{name}:", (string)container["image"]);
        var port = Assert.Single(Manifest.Items(container["ports"]));
        var exposed = Dockerfile.Load(service.DockerfilePath).Final.All("EXPOSE").Select(int.Parse);
        Assert.Contains(int.Parse((string)port["containerPort"]), exposed);

        Assert.Equal("/health", Manifest.Get(container, "readinessProbe.httpGet.path"));
        Assert.Equal("/alive", Manifest.Get(container, "livenessProbe.httpGet.path"));
        Assert.Equal(port["name"], Manifest.Get(container, "readinessProbe.httpGet.port"));
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(Manifest.Get(container, $"resources.{bound}.cpu"));
            Assert.NotNull(Manifest.Get(container, $"resources.{bound}.memory"));
        }

        Assert.Equal("true", deployment.Get("spec.template.spec.securityContext.runAsNonRoot"));
        Assert.Equal(deployment.Get("spec.selector.matchLabels"), deployment.Get("spec.template.metadata.labels") is Dictionary<object, object> labels
            ? labels.Where(l => ((Dictionary<object, object>)deployment.Get("spec.selector.matchLabels")!).ContainsKey(l.Key)).ToDictionary()
            : null);

        var kubeService = Single("Service", name);
        Assert.Equal(port["name"], Manifest.Items(kubeService.Get("spec.ports")).Single()["targetPort"]);
        Assert.Equal(deployment.Get("spec.selector.matchLabels"), kubeService.Get("spec.selector"));
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Every_setting_a_Deployment_passes_binds_to_an_options_property_of_its_service(string name)
    {
        var catalog = OptionsCatalog.For([.. DeployableService.ByName(name).Assemblies]);
        var container = Container(Single("Deployment", name));
        var keys = Manifest.Items(container.GetValueOrDefault("env")).Select(e => (string)e["name"]).ToList();
        foreach (var configMap in Manifest.Items(container.GetValueOrDefault("envFrom")).Select(e => Manifest.Get(e, "configMapRef.name")).OfType<string>())
        {
            keys.AddRange(((Dictionary<object, object>)Single("ConfigMap", configMap).Get("data")!).Keys.Cast<string>());
        }

        Assert.NotEmpty(keys);
        Assert.Empty(keys.Select(catalog.Explain).OfType<string>());
    }

    [Fact]
    public void Secrets_are_only_referenced_never_stored_in_the_manifests()
    {
        Assert.DoesNotContain(Manifest.All, m => m.Kind == "Secret");
        var readme = File.ReadAllText(Path.Combine(DeployableService.RepositoryRoot, "infra", "README.md"));
        foreach (var deployment in Resources.Where(m => m.Kind == "Deployment"))
        {
            foreach (var env in Manifest.Items(Container(deployment).GetValueOrDefault("env")))
            {
                var name = (string)env["name"];
                if (SecretName().IsMatch(name))
                {
                    Assert.False(env.ContainsKey("value"), $"{deployment}: {name} is given inline; reference a Secret.");
                }

                if (Manifest.Get(env, "valueFrom.secretKeyRef") is Dictionary<object, object> reference)
                {
                    Assert.Contains($"kubectl -n healthmesh create secret generic {reference["name"]}", readme, StringComparison.Ordinal);
                    Assert.Contains($"--from-literal={reference["key"]}=", readme, StringComparison.Ordinal);
                }
            }
        }

        foreach (var value in ConfigMapValues())
        {
            Assert.DoesNotMatch(@"(?i)password=|://[^/:@]+:[^@]+@", value);
        }
    }

    [Fact]
    public void Each_consumer_scales_with_KEDA_on_the_queue_its_code_consumes()
    {
        var queues = typeof(KnownQueues).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var scaled = Resources.Where(m => m.Kind == "ScaledObject").ToList();
        Assert.Equal(queues.Values.Except(UnscaledQueues.Keys).Order(), scaled.Select(s => QueueOf(s)).Order());

        // A rare command's queue needs no scaling of its own, but its consumer must never scale to zero.
        foreach (var (queue, target) in UnscaledQueues)
        {
            // Intake scales on CPU (its work is HTTP), so its HorizontalPodAutoscaler's floor keeps the consumer alive.
            var minimumReplicas = scaled.SingleOrDefault(s => (string)s.Get("spec.scaleTargetRef.name")! == target) is { } scaledObject
                ? scaledObject.Get("spec.minReplicaCount") ?? 0
                : Single("HorizontalPodAutoscaler", target).Get("spec.minReplicas") ?? 1;
            Assert.True(Convert.ToInt32(minimumReplicas) >= 1, $"{target} consumes {queue} without scaling on it, so it must keep a replica.");
            var library = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(DeployableService.ByName(target).HostProjectPath))!, Path.GetFileNameWithoutExtension(DeployableService.ByName(target).HostProjectPath)[..^".Host".Length]);
            var constant = queues.Single(q => q.Value == queue).Key;
            Assert.Contains(Directory.GetFiles(library, "*.cs", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains($"EndpointName = KnownQueues.{constant};", StringComparison.Ordinal));
        }

        foreach (var scaledObject in scaled)
        {
            var target = (string)scaledObject.Get("spec.scaleTargetRef.name")!;
            var deployment = Single("Deployment", target);
            Assert.Null(deployment.Get("spec.replicas"));

            var trigger = Assert.Single(Manifest.Items(scaledObject.Get("spec.triggers")));
            Assert.Equal("rabbitmq", trigger["type"]);
            Assert.Equal("QueueLength", Manifest.Get(trigger, "metadata.mode"));
            var hostFromEnv = (string)Manifest.Get(trigger, "metadata.hostFromEnv")!;
            Assert.Contains(Manifest.Items(Container(deployment)["env"]), e => (string)e["name"] == hostFromEnv);

            // The queue is the one the target service's own code names as its endpoint.
            var library = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(DeployableService.ByName(target).HostProjectPath))!, Path.GetFileNameWithoutExtension(DeployableService.ByName(target).HostProjectPath)[..^".Host".Length]);
            var constant = queues.Single(q => q.Value == QueueOf(scaledObject)).Key;
            Assert.True(
                Directory.GetFiles(library, "*.cs", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains($"EndpointName = KnownQueues.{constant};", StringComparison.Ordinal)),
                $"{scaledObject} scales {target} on {QueueOf(scaledObject)}, but {target}'s code does not consume KnownQueues.{constant}.");
        }
    }

    [Fact]
    public void Summarization_has_a_GPU_variant_scheduled_on_GPU_nodes()
    {
        var patch = Manifest.Load(Path.Combine(Manifest.Directory, "overlays", "gpu", "summarization-gpu.yaml")).Single();
        var spec = patch.Get("spec.template.spec");
        Assert.Equal("true", ((Dictionary<object, object>)Manifest.Get(spec, "nodeSelector")!)["nvidia.com/gpu.present"]);
        Assert.Contains(Manifest.Items(Manifest.Get(spec, "tolerations")), t => (string)t["key"] == "nvidia.com/gpu" && (string)t["effect"] == "NoSchedule");
        var container = Assert.Single(Manifest.Items(Manifest.Get(spec, "containers")));
        Assert.Equal("summarization", container["name"]);
        Assert.Equal("1", ((Dictionary<object, object>)Manifest.Get(container, "resources.limits")!)["nvidia.com/gpu"]);

        var kustomization = Manifest.Load(Path.Combine(Manifest.Directory, "overlays", "gpu", "kustomization.yaml")).Single();
        Assert.Contains(Manifest.Items(kustomization.Get("images")), i => (string)i["name"] == "healthmesh/summarization" && (string)i["newTag"] == "gpu");
        Assert.True(File.Exists(Path.Combine(DeployableService.RepositoryRoot, "services/Summarization/HealthMesh.Summarization.Host/Dockerfile.gpu")));
    }

    [Fact]
    public void Dapr_sidecars_secret_store_and_pub_sub_are_wired_to_the_services()
    {
        var appIds = new Dictionary<string, string>();
        foreach (var deployment in Resources.Where(m => m.Kind == "Deployment" && m.Get("spec.template.metadata.annotations") is not null))
        {
            var annotations = (Dictionary<object, object>)deployment.Get("spec.template.metadata.annotations")!;
            Assert.Equal("true", annotations["dapr.io/enabled"]);
            Assert.Equal(deployment.Name, annotations["dapr.io/app-id"]);
            Assert.Equal(Manifest.Items(Container(deployment)["ports"]).Single()["containerPort"], annotations["dapr.io/app-port"]);
            Assert.Equal("healthmesh", annotations["dapr.io/config"]);
            appIds[deployment.Name] = (string)annotations["dapr.io/app-id"];
        }

        var secretStore = Single("Component", "healthmesh-secrets");
        Assert.StartsWith("secretstores.", (string)secretStore.Get("spec.type")!);
        Assert.Equal(ConfigMapValue("HealthMesh__Dapr__SecretStore"), secretStore.Name);
        Assert.Equal(appIds.Values.Order(), ((List<object>)secretStore.Root["scopes"]).Cast<string>().Order());

        // Every secret a service asks the store for is allowed by the Dapr configuration and by the reader role.
        var allowed = Manifest.Items(Single("Configuration", "healthmesh").Get("spec.secrets.scopes")).Single(s => (string)s["storeName"] == secretStore.Name);
        var allowedSecrets = ((List<object>)allowed["allowedSecrets"]).Cast<string>().ToHashSet();
        var readable = Manifest.Items(Single("Role", "healthmesh-secret-reader").Get("rules")).SelectMany(r => ((List<object>)r["resourceNames"]).Cast<string>()).ToHashSet();
        var requested = Resources.Where(m => m.Kind == "Deployment")
            .SelectMany(d => Manifest.Items(Container(d).GetValueOrDefault("env")))
            .Where(e => ((string)e["name"]).StartsWith("HealthMesh__Dapr__Secrets__", StringComparison.Ordinal) || SecretReferenceName().IsMatch((string)e["name"]))
            .Select(e => (string)e["value"])
            .ToHashSet();
        Assert.Contains("healthmesh-deidentification", requested);
        Assert.Subset(allowedSecrets, requested);
        Assert.Subset(readable, requested);

        var pubSub = Assert.Single(Resources, m => m.Kind == "Component" && ((string)m.Get("spec.type")!).StartsWith("pubsub.", StringComparison.Ordinal));
        Assert.Equal(HealthMesh.Intake.PubSub.PubSubOptions.DefaultPubSubName, pubSub.Name);
        Assert.Equal(["intake"], ((List<object>)pubSub.Root["scopes"]).Cast<string>());
    }

    [Fact]
    public void Every_EHR_client_reads_its_SMART_key_and_client_id_by_name_from_the_secret_store_and_the_sandbox_switches_SMART_off()
    {
        // The services whose code calls the EHR.
        var clients = DeployableService.All.Where(s => s.Name != "ehr-sandbox" && Directory
                .GetFiles(Path.GetDirectoryName(Path.GetDirectoryName(s.HostProjectPath))!, "*Extensions.cs", SearchOption.AllDirectories)
                .Any(f => !f.Contains(".Host", StringComparison.Ordinal) && File.ReadAllText(f).Contains(".AddEhrClient()", StringComparison.Ordinal)))
            .Select(s => s.Name)
            .Order()
            .ToList();
        Assert.Equal(["intake", "write-back"], clients);

        var readme = File.ReadAllText(Path.Combine(DeployableService.RepositoryRoot, "infra", "README.md"));
        foreach (var client in clients)
        {
            var env = Manifest.Items(Container(Single("Deployment", client)).GetValueOrDefault("env"))
                .Where(e => e.ContainsKey("value"))
                .ToDictionary(e => (string)e["name"], e => (string)e["value"]);
            Assert.Equal("true", env.GetValueOrDefault("HealthMesh__Ehr__Smart__Enabled"));
            Assert.DoesNotContain("HealthMesh__Ehr__Smart__PrivateKey", env.Keys);
            foreach (var credential in new[] { "PrivateKeySecret", "ClientIdSecret" })
            {
                var secret = env.GetValueOrDefault($"HealthMesh__Ehr__Smart__{credential}__Name");
                var key = env.GetValueOrDefault($"HealthMesh__Ehr__Smart__{credential}__Key");
                Assert.True(secret is not null && key is not null, $"{client}: HealthMesh__Ehr__Smart__{credential}__Name and __Key must name the secret and its key.");
                // The README's command makes exactly that secret with exactly that key.
                Assert.Matches($@"kubectl -n healthmesh create secret generic {Regex.Escape(secret)}[^\n]*(\\\n[^\n]*)*?--from-(file|literal)={Regex.Escape(key)}=", readme);
            }
        }

        // The sandbox overlay turns SMART off for the same clients: the sandbox EHR asks for no token.
        var sandbox = Manifest.Load(Path.Combine(Manifest.Directory, "overlays", "sandbox", "kustomization.yaml")).Single();
        foreach (var client in clients)
        {
            var patch = Manifest.Items(sandbox.Get("patches")).Single(p => Manifest.Get(p, "target.name") as string == client && Manifest.Get(p, "target.kind") as string == "Deployment");
            Assert.Contains("{ name: HealthMesh__Ehr__Smart__Enabled, value: \"false\" }", (string)patch["patch"], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// What compose gives a service to start (its required keys, passwords, the reviewers' OpenID Connect issuer), the
    /// Kubernetes Deployment gives too: in its env, the ConfigMap, or a Dapr secret it reads that infra/README.md creates
    /// with that key. Key ids and subscription ids differ (compose-1 / k8s-1, sandbox / my-ehr) and are compared as such.
    /// </summary>
    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Every_setting_compose_gives_a_service_its_Deployment_gives_too(string name)
    {
        var composed = Compose.ComposeCli.Resolved().Services[name].Environment.Keys
            .Where(k => k.StartsWith("HealthMesh__", StringComparison.Ordinal))
            .Select(Normalized)
            .ToHashSet();

        var deployment = Single("Deployment", name);
        var container = Container(deployment);
        var env = Manifest.Items(container.GetValueOrDefault("env")).ToList();
        var given = env.Select(e => (string)e["name"]).ToList();
        foreach (var configMap in Manifest.Items(container.GetValueOrDefault("envFrom")).Select(e => Manifest.Get(e, "configMapRef.name")).OfType<string>())
        {
            given.AddRange(((Dictionary<object, object>)Single("ConfigMap", configMap).Get("data")!).Keys.Cast<string>());
        }

        var readme = File.ReadAllText(Path.Combine(DeployableService.RepositoryRoot, "infra", "README.md"));
        foreach (var secret in env.Where(e => ((string)e["name"]).StartsWith("HealthMesh__Dapr__Secrets__", StringComparison.Ordinal)).Select(e => (string)e["value"]))
        {
            var command = Regex.Match(readme, $@"create secret generic {Regex.Escape(secret)}([^\n]*\\\n)*[^\n]*");
            Assert.True(command.Success, $"infra/README.md has no command creating the Dapr secret {secret} that {name} reads.");
            given.AddRange(FromLiteralKey().Matches(command.Value).Select(m => m.Groups["key"].Value));
        }

        var missing = composed.Except(given.Select(Normalized)).Order().ToList();
        Assert.True(missing.Count == 0, $"{name}: compose sets {string.Join(", ", missing)}, the Kubernetes Deployment does not.");
    }

    private static string Normalized(string key) => IdSegment().Replace(key, "${setting}__<id>");

    private static Manifest Single(string kind, string name)
    {
        var matches = Resources.Where(m => m.Kind == kind && m.Name == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one {kind} named {name} in infra/k8s, found {matches.Count}.");
        return matches[0];
    }

    private static Dictionary<object, object> Container(Manifest deployment) => Manifest.Items(deployment.Get("spec.template.spec.containers")).Single();

    private static string QueueOf(Manifest scaledObject) => (string)Manifest.Get(Manifest.Items(scaledObject.Get("spec.triggers")).Single(), "metadata.queueName")!;

    private static IEnumerable<string> ConfigMapValues() =>
        Resources.Where(m => m.Kind == "ConfigMap").SelectMany(m => ((Dictionary<object, object>)m.Get("data")!).Values.Cast<string>());

    private static string? ConfigMapValue(string key) =>
        Resources.Where(m => m.Kind == "ConfigMap").Select(m => ((Dictionary<object, object>)m.Get("data")!).GetValueOrDefault(key) as string).Single(v => v is not null);

    private static bool IsPatch(Manifest manifest) =>
        Manifest.All.Where(m => m.Kind == "Kustomization" && Path.GetDirectoryName(m.File) == Path.GetDirectoryName(manifest.File))
            .Any(k => Manifest.Items(k.Get("patches")).Any(p => p.GetValueOrDefault("path") as string == Path.GetFileName(manifest.File)));

    [GeneratedRegex(@"--from-literal=(?<key>[^=\s]+)=")]
    private static partial Regex FromLiteralKey();

    [GeneratedRegex(@"(?<setting>EncryptionKeys|Subscriptions|Vault__Keys)__[^_]+(?=__|$)")]
    private static partial Regex IdSegment();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("(?i)(HmacKey|EncryptionKeys|Secret$|Token$|Password|PrivateKey$|Database__ConnectionString|RabbitMqUri)")]
    private static partial Regex SecretName();

    /// <summary>A setting naming a secret of the Dapr secret store (<c>…Secret__Name</c>), such as the SMART client's key.</summary>
    [GeneratedRegex("^HealthMesh__.+Secret__Name$")]
    private static partial Regex SecretReferenceName();
}
