namespace HealthMesh.Contracts;

public enum ReviewDecision
{
    Approved,
    ApprovedWithEdits,
    Rejected,
    RegenerationRequested,
}
