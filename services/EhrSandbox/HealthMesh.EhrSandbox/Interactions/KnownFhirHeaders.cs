namespace HealthMesh.EhrSandbox.Interactions;

public static class KnownFhirHeaders
{
    public const string IfNoneExist = "If-None-Exist";
    public const string IfMatch = "If-Match";
    public const string Prefer = "Prefer";
}
