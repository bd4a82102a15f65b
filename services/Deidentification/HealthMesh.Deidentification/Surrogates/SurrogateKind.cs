namespace HealthMesh.Deidentification.Surrogates;

public enum SurrogateKind
{
    GivenName,
    FamilyName,
    Identifier,
    ResourceId,
    Date,
    Phone,
    Email,
    Ssn,
    Url,
    IpAddress,
    Initials,
}
