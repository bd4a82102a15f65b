using Dapper;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Search;
using HealthMesh.EhrSandbox.Subscriptions;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.Resources;

/// <summary>
/// Versioned resource storage: every write adds a version to the history, replaces the current row, refills the search
/// index and, in the same transaction, queues the subscription notifications the change triggers.
/// </summary>
public sealed class ResourceStore(SubscriptionMatcher subscriptions, TimeProvider clock)
{
    public async Task<StoredResource?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string type, string id) =>
        (await connection.QuerySingleOrDefaultAsync<ResourceRow>(
            SandboxSql.Get("SelectCurrentResource"), new { ResourceType = type, Id = id }, transaction))?.ToStored();

    public async Task<StoredResource?> ReadVersionAsync(SqliteConnection connection, string type, string id, long versionId) =>
        (await connection.QuerySingleOrDefaultAsync<ResourceRow>(
            SandboxSql.Get("SelectResourceVersion"), new { ResourceType = type, Id = id, VersionId = versionId }))?.ToStored();

    public async Task<IReadOnlyList<StoredResource>> HistoryAsync(SqliteConnection connection, string type, string id) =>
        [.. (await connection.QueryAsync<ResourceRow>(SandboxSql.Get("SelectResourceHistory"), new { ResourceType = type, Id = id })).Select(r => r.ToStored())];

    /// <summary>
    /// Stores <paramref name="resource"/> as the version after <paramref name="current"/> (or version 1), stamping
    /// <c>meta.versionId</c>/<c>meta.lastUpdated</c> on it.
    /// </summary>
    public async Task<StoredResource> WriteAsync(SqliteConnection connection, SqliteTransaction transaction, Resource resource, StoredResource? current)
    {
        var stored = Stamp(resource, (current?.VersionId ?? 0) + 1, Now());
        await SaveAsync(connection, transaction, stored);
        var entries = SearchParameterRegistry.Extract(resource)
            .Distinct()
            .Select(e => new { stored.ResourceType, stored.Id, e.Param, e.System, e.Value });
        await connection.ExecuteAsync(SandboxSql.Get("InsertSearchIndex"), entries, transaction);
        await subscriptions.QueueNotificationsAsync(connection, transaction, resource, current is null || current.IsDeleted);
        return stored;
    }

    public async Task<StoredResource> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, StoredResource current)
    {
        var stored = new StoredResource(current.ResourceType, current.Id, current.VersionId + 1, Now(), true, null);
        await SaveAsync(connection, transaction, stored);
        return stored;
    }

    /// <summary>
    /// True when <paramref name="resource"/> says exactly what <paramref name="current"/> says (meta version and time aside),
    /// so an unchanged PUT creates no version and triggers no notification: reloading the samples stays idempotent.
    /// </summary>
    public static bool IsUnchanged(Resource resource, StoredResource current)
    {
        if (current.IsDeleted || current.Json is null)
        {
            return false;
        }

        var copy = (Resource)resource.DeepCopy();
        Stamp(copy, current.VersionId, current.LastUpdated);
        return FhirJson.Serialize(copy) == current.Json;
    }

    private static StoredResource Stamp(Resource resource, long versionId, DateTimeOffset lastUpdated)
    {
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = versionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = lastUpdated;
        return new StoredResource(resource.TypeName, resource.Id!, versionId, lastUpdated, false, FhirJson.Serialize(resource));
    }

    private async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, StoredResource stored)
    {
        var row = new
        {
            stored.ResourceType,
            stored.Id,
            stored.VersionId,
            LastUpdated = stored.LastUpdated.ToUnixTimeMilliseconds(),
            IsDeleted = stored.IsDeleted ? 1 : 0,
            stored.Json,
        };
        await connection.ExecuteAsync(SandboxSql.Get("InsertResourceVersion"), row, transaction);
        await connection.ExecuteAsync(SandboxSql.Get("UpsertCurrentResource"), row, transaction);
        await connection.ExecuteAsync(SandboxSql.Get("DeleteSearchIndex"), row, transaction);
    }

    // FHIR instants round-trip at millisecond precision here, so stored and served times are identical.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
}
