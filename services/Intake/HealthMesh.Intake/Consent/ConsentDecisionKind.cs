namespace HealthMesh.Intake.Consent;

public enum ConsentDecisionKind
{
    Permit,
    Deny,
}
