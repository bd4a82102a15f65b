namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>Token counts of one scoring run, per labelled kind and per detector group.</summary>
public sealed class EvalScore
{
    private readonly Dictionary<string, (int Found, int Total)> byKind = [];
    private readonly Dictionary<string, (int Right, int Total)> byGroup = [];

    public List<string> Missed { get; } = [];

    public List<string> FalsePositives { get; } = [];

    public List<string> Destroyed { get; } = [];

    public int PreservedKept { get; private set; }

    public int PreservedTotal { get; private set; }

    public int PhiTokens => byKind.Values.Sum(v => v.Total);

    public double Recall => Ratio(byKind.Values.Sum(v => v.Found), PhiTokens);

    public double Precision => Ratio(byGroup.Values.Sum(v => v.Right), byGroup.Values.Sum(v => v.Total));

    public (int Found, int Total, double Recall) ForKind(string kind) =>
        byKind.TryGetValue(kind, out var v) ? (v.Found, v.Total, Ratio(v.Found, v.Total)) : (0, 0, double.NaN);

    public (int Right, int Total, double Precision) ForGroup(string group) =>
        byGroup.TryGetValue(group, out var v) ? (v.Right, v.Total, Ratio(v.Right, v.Total)) : (0, 0, double.NaN);

    public void Add(string kind, bool found)
    {
        var (f, t) = byKind.GetValueOrDefault(kind);
        byKind[kind] = (f + (found ? 1 : 0), t + 1);
    }

    public void AddPredicted(string group, bool right)
    {
        var (r, t) = byGroup.GetValueOrDefault(group);
        byGroup[group] = (r + (right ? 1 : 0), t + 1);
    }

    public void AddPreserved(string word, bool kept)
    {
        PreservedTotal++;
        if (kept)
        {
            PreservedKept++;
        }
        else
        {
            Destroyed.Add(word);
        }
    }

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}
