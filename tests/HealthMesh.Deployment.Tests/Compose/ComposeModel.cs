namespace HealthMesh.Deployment.Tests.Compose;

/// <summary>Read access to the output of <c>docker-compose config</c>, deserialized by YamlDotNet into plain maps.</summary>
public sealed class ComposeModel(Dictionary<object, object> root)
{
    public IReadOnlyDictionary<string, Service> Services { get; } = Map(root["services"])
        .ToDictionary(s => (string)s.Key, s => new Service((string)s.Key, Map(s.Value)));

    public IReadOnlyCollection<string> Volumes { get; } = root.TryGetValue("volumes", out var volumes) ? Map(volumes).Keys.Cast<string>().ToList() : [];

    private static Dictionary<object, object> Map(object? value) => value as Dictionary<object, object> ?? [];

    public sealed record Service(string Name, Dictionary<object, object> Definition)
    {
        public string? Dockerfile => Definition.TryGetValue("build", out var build) ? Map(build).GetValueOrDefault("dockerfile") as string : null;

        public string? Image => Definition.GetValueOrDefault("image") as string;

        public IReadOnlyDictionary<string, string> Environment =>
            Map(Definition.GetValueOrDefault("environment")).ToDictionary(e => (string)e.Key, e => e.Value as string ?? string.Empty);

        public IReadOnlyDictionary<string, string?> DependsOn =>
            Map(Definition.GetValueOrDefault("depends_on")).ToDictionary(d => (string)d.Key, d => Map(d.Value).GetValueOrDefault("condition") as string);

        public bool HasHealthcheck => Definition.ContainsKey("healthcheck");

        public IReadOnlyList<string> HealthcheckTest =>
            (Map(Definition.GetValueOrDefault("healthcheck")).GetValueOrDefault("test") as List<object>)?.Cast<string>().ToList() ?? [];

        public IReadOnlyList<(int Published, int Target)> Ports =>
            (Definition.GetValueOrDefault("ports") as List<object> ?? [])
            .Select(p => Map(p))
            .Select(p => (int.Parse((string)p["published"]), int.Parse((string)p["target"])))
            .ToList();

        public IReadOnlyList<string> Volumes => (Definition.GetValueOrDefault("volumes") as List<object> ?? []).Cast<string>().ToList();
    }
}
