using Dapper;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>Runs parsed searches against the current versions (and inside a writer's transaction, its uncommitted writes).</summary>
public sealed class ResourceSearch
{
    /// <summary>Counts and returns one page of the current, non-deleted resources matching <paramref name="query"/>.</summary>
    public async Task<(int Total, IReadOnlyList<StoredResource> Page)> SearchAsync(SqliteConnection connection, SqliteTransaction? transaction, SearchQuery query)
    {
        var where = string.Join(" AND ", ["r.resource_type = @type", "r.is_deleted = 0", .. query.Conditions]);
        var parameters = new DynamicParameters(query.SqlParameters);
        parameters.Add("type", query.ResourceType);
        parameters.Add("limit", query.Count);
        parameters.Add("offset", query.Offset);
        var order = query.Descending ? "DESC" : "ASC";

        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM resources r WHERE {where};", parameters, transaction);
        if (query.Count == 0 || total <= query.Offset)
        {
            return (total, []);
        }

        var rows = await connection.QueryAsync<ResourceRow>(
            $"""
            SELECT r.resource_type AS ResourceType, r.resource_id AS Id, r.version_id AS VersionId, r.last_updated AS LastUpdated,
                   r.is_deleted AS IsDeleted, r.json AS Json
            FROM resources r WHERE {where}
            ORDER BY r.last_updated {order}, r.resource_id {order}
            LIMIT @limit OFFSET @offset;
            """,
            parameters,
            transaction);
        return (total, [.. rows.Select(r => r.ToStored())]);
    }

    /// <summary>Whether the current version of <paramref name="type"/>/<paramref name="id"/> matches <paramref name="query"/>.</summary>
    public async Task<bool> MatchesAsync(SqliteConnection connection, SqliteTransaction? transaction, SearchQuery query, string id)
    {
        var parameters = new DynamicParameters(query.SqlParameters);
        parameters.Add("type", query.ResourceType);
        parameters.Add("matchId", id);
        var where = string.Join(" AND ", ["r.resource_type = @type", "r.resource_id = @matchId", "r.is_deleted = 0", .. query.Conditions]);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM resources r WHERE {where};", parameters, transaction) > 0;
    }
}
