namespace HealthMesh.Intake.Subscriptions;

/// <summary>What one recovery found, by intake outcome (counts only).</summary>
public sealed class RecoveryCounts
{
    public int Found { get; set; }

    public int Accepted { get; set; }

    public int Duplicates { get; set; }

    public int Ignored { get; set; }

    /// <summary>Resources Intake refused as bad input (e.g. no subject); they are skipped, as a notification of them would be.</summary>
    public int Rejected { get; set; }

    public override string ToString() =>
        $"{Found} found: {Accepted} accepted, {Duplicates} duplicates, {Ignored} ignored, {Rejected} rejected";
}
