using Dapper;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>Runs parsed searches against the current versions (and inside a writer's transaction, its uncommitted writes).</summary>
public sealed class ResourceSearch
{
    /// <summary>Counts and returns one page of the current, non-deleted resources matching <paramref name="query"/>, with its includes.</summary>
    public async Task<SearchResult> SearchAsync(SqliteConnection connection, SqliteTransaction? transaction, SearchQuery query)
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
            return new SearchResult(total, [], []);
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
        var matches = rows.Select(r => r.ToStored()).ToList();
        return new SearchResult(total, matches, await IncludesAsync(connection, transaction, query, matches));
    }

    private static async Task<IReadOnlyList<StoredResource>> IncludesAsync(
        SqliteConnection connection, SqliteTransaction? transaction, SearchQuery query, List<StoredResource> matches)
    {
        var ids = matches.Select(m => m.Id).ToArray();
        var seen = matches.Select(m => (m.ResourceType, m.Id)).ToHashSet();
        var included = new List<StoredResource>();
        foreach (var include in query.Includes)
        {
            var rows = await connection.QueryAsync<ResourceRow>(
                SandboxSql.Get(include.Reverse ? "SelectRevIncludedResources" : "SelectIncludedResources"),
                new
                {
                    include.SourceType,
                    include.Param,
                    TargetType = include.Reverse ? query.ResourceType : include.TargetType,
                    Ids = ids,
                },
                transaction);
            included.AddRange(rows.Select(r => r.ToStored()).Where(r => seen.Add((r.ResourceType, r.Id))));
        }

        return included;
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
