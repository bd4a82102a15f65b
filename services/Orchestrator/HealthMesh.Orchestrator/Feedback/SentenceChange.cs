namespace HealthMesh.Orchestrator.Feedback;

/// <summary>One sentence the reviewer changed: <paramref name="Before"/> null when added, <paramref name="After"/> null when removed.</summary>
public sealed record SentenceChange(string Section, int Index, string? Before, string? After);
