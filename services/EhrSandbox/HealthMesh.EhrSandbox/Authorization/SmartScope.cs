namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>One <c>system/</c> scope: a resource type (or <c>*</c>) and the SMART v2 permissions it grants (<c>c r u d s</c>).</summary>
public sealed record SmartScope(string ResourceType, string Permissions)
{
    public bool Covers(SmartScope requested) =>
        (ResourceType == "*" || ResourceType == requested.ResourceType) && requested.Permissions.All(Permissions.Contains);

    public bool Allows(string resourceType, char permission) =>
        (ResourceType == "*" || ResourceType == resourceType) && Permissions.Contains(permission);
}
