using System.Collections.Concurrent;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// Everything a run let out through one or more channels (logs, traces, bus, model input...), kept as text so known
/// PHI values ("canaries") can be searched for. Leak reports name the channel and the canary, never the captured text.
/// </summary>
public sealed class PhiCapture
{
    private readonly ConcurrentQueue<(string Channel, string Text)> captured = new();

    public void Add(string channel, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            captured.Enqueue((channel, text));
        }
    }

    /// <summary>
    /// How many pieces of text a channel captured, sub-channels included ("log" counts "log (Category)"): a test should
    /// check each channel it scans was fed.
    /// </summary>
    public int Count(string channel) => captured.Count(c => c.Channel == channel || c.Channel.StartsWith(channel + " ", StringComparison.Ordinal));

    /// <summary>Each channel with how many pieces it captured, one per line: what a failing test should print.</summary>
    public string Describe() => string.Join('\n', captured.ToArray().GroupBy(c => c.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>"channel: canary" for every canary found in clear text (ordinal, case-insensitive) in a channel.</summary>
    public IReadOnlyList<string> FindLeaks(IEnumerable<string> canaries)
    {
        var snapshot = captured.ToArray();
        return canaries
            .SelectMany(canary => snapshot
                .Where(c => c.Text.Contains(canary, StringComparison.OrdinalIgnoreCase))
                .Select(c => $"{c.Channel}: {canary}"))
            .Distinct()
            .ToList();
    }
}
