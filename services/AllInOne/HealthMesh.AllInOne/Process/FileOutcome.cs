namespace HealthMesh.AllInOne.Process;

/// <param name="Outputs">Files written, relative to the output folder.</param>
public sealed record FileOutcome(string File, FileOutcomeKind Kind, string Detail, IReadOnlyList<string> Outputs);
