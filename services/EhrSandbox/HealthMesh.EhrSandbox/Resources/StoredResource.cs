namespace HealthMesh.EhrSandbox.Resources;

/// <summary>One stored version of a resource. <see cref="Json"/> is null for a delete marker.</summary>
public sealed record StoredResource(string ResourceType, string Id, long VersionId, DateTimeOffset LastUpdated, bool IsDeleted, string? Json)
{
    public string ETag => $"W/\"{VersionId}\"";

    public string RelativeVersionUrl => $"{ResourceType}/{Id}/_history/{VersionId}";
}
