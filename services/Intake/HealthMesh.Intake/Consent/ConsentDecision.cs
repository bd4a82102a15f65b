namespace HealthMesh.Intake.Consent;

/// <summary>
/// Whether AI-assisted documentation is permitted for a patient, why (the deciding Consent by reference and its rule, or
/// why none applied; never PHI), and the deciding Consent's reference when one decided.
/// </summary>
public sealed record ConsentDecision(ConsentDecisionKind Kind, string Reason, string? ConsentReference)
{
    public bool Permitted => Kind == ConsentDecisionKind.Permit;
}
