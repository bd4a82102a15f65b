using System.Text.RegularExpressions;

namespace HealthMesh.Deployment.Tests.Containers;

/// <summary>A Dockerfile read as instructions (continuation lines joined, comments dropped), split into its stages.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Stage> stages)
    {
        Path = path;
        Stages = stages;
    }

    public string Path { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var instructions = new List<(string Keyword, string Arguments)>();
        var pending = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = string.Empty;
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        var stages = new List<Stage>();
        foreach (var (keyword, arguments) in instructions)
        {
            if (keyword == "FROM")
            {
                var match = FromPattern().Match(arguments);
                stages.Add(new Stage(match.Groups["image"].Value, match.Groups["name"].Success ? match.Groups["name"].Value : null, []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new Dockerfile(path, stages);
    }

    [GeneratedRegex(@"^(?:--\S+\s+)*(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    public sealed record Stage(string Image, string? Name, List<(string Keyword, string Arguments)> Instructions)
    {
        public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }
}
