using HealthMesh.EhrSandbox.Resources;

namespace HealthMesh.EhrSandbox.Persistence;

/// <summary>A <c>resources</c>/<c>resource_versions</c> row as SQLite returns it.</summary>
internal sealed class ResourceRow
{
    public string ResourceType { get; set; } = string.Empty;

    public string Id { get; set; } = string.Empty;

    public long VersionId { get; set; }

    public long LastUpdated { get; set; }

    public long IsDeleted { get; set; }

    public string? Json { get; set; }

    public StoredResource ToStored() =>
        new(ResourceType, Id, VersionId, DateTimeOffset.FromUnixTimeMilliseconds(LastUpdated), IsDeleted != 0, Json);
}
