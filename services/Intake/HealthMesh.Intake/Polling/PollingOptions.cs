namespace HealthMesh.Intake.Polling;

/// <summary>Polling fallback for EHRs without subscriptions. Section <c>HealthMesh:Intake:Polling</c>.</summary>
public sealed class PollingOptions
{
    public const string SectionName = "HealthMesh:Intake:Polling";

    /// <summary>Run the polling rounds in the background (default <c>true</c>; no sources, nothing runs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Polled searches by source id (the id names the source in the journal: <c>poll:{id}</c>). Default none.</summary>
    public Dictionary<string, PollingSourceOptions> Sources { get; set; } = [];

    /// <summary>Most pages one round reads (default 1000), a guard against a looping next link.</summary>
    public int MaxPagesPerRound { get; set; } = 1000;
}
