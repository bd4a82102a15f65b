namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>What <see cref="ConsentResponder"/> answers; a test withdraws consent by setting <see cref="Permitted"/> false.</summary>
public sealed class ConsentAnswer
{
    public bool Permitted { get; set; } = true;

    public string Reason { get; set; } = "No Consent in force is about AI-assisted documentation (0 read); the policy's default is permit.";
}
