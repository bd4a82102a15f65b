using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace HealthMesh.Deployment.Tests.Kubernetes;

/// <summary>One YAML document of infra/k8s, parsed by YamlDotNet into plain maps and lists.</summary>
public sealed record Manifest(string File, Dictionary<object, object> Root)
{
    public static string Directory { get; } = Path.Combine(DeployableService.RepositoryRoot, "infra", "k8s");

    public string ApiVersion => Root.GetValueOrDefault("apiVersion") as string ?? string.Empty;

    public string Kind => Root.GetValueOrDefault("kind") as string ?? string.Empty;

    public string Name => Get("metadata.name") as string ?? string.Empty;

    /// <summary>Every document of every YAML file under infra/k8s.</summary>
    public static IReadOnlyList<Manifest> All { get; } = System.IO.Directory
        .GetFiles(Directory, "*.yaml", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .SelectMany(Load)
        .ToList();

    public static IEnumerable<Manifest> Load(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StreamReader(path);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        var documents = new List<Manifest>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<Dictionary<object, object>>(parser);
            if (document is not null)
            {
                documents.Add(new Manifest(Path.GetRelativePath(DeployableService.RepositoryRoot, path), document));
            }
        }

        return documents;
    }

    /// <summary>The value at a dotted path of map keys (<c>spec.template.spec</c>); null where any step is missing.</summary>
    public object? Get(string path) => Get(Root, path);

    public static object? Get(object? node, string path)
    {
        foreach (var step in path.Split('.'))
        {
            node = node is Dictionary<object, object> map ? map.GetValueOrDefault(step) : null;
        }

        return node;
    }

    public static IEnumerable<Dictionary<object, object>> Items(object? list) =>
        (list as List<object> ?? []).OfType<Dictionary<object, object>>();

    public override string ToString() => $"{Kind}/{Name} ({File})";
}
