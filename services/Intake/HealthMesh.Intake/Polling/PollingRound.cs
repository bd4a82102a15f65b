namespace HealthMesh.Intake.Polling;

/// <summary>What one round did: pages read, resources found, accepted, de-duplicated, ignored or rejected; whether it finished.</summary>
public sealed record PollingRound(string SourceId, int Pages, int Found, int Accepted, int Duplicates, int Ignored, int Rejected, bool Finished);
