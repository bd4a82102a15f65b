using System.Data.Common;
using Dapper;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

/// <summary>
/// Reads and writes saga instances with optimistic concurrency: every write names the version it read, so of two
/// consumers that loaded the same version only one wins and the other gets a <see cref="ConcurrencyException"/>,
/// which the endpoint's retry turns into a fresh load. MassTransit's EF Core, Redis and Marten repositories are
/// not served to this build; this keeps the same contract on top of the shared <see cref="Database"/>.
/// </summary>
public sealed class SqlSagaStore<TSaga>(Database database, SqlSagaStateMap<TSaga> map, TimeProvider clock)
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var data = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            map.LoadSql(database.Provider), new { CorrelationId = correlationId.ToString() }, cancellationToken: cancellationToken));
        return data is null ? null : map.Deserialize(data);
    }

    /// <exception cref="ConcurrencyException">An instance with this id already exists.</exception>
    public async Task InsertAsync(TSaga instance, CancellationToken cancellationToken = default)
    {
        instance.Version = 1;
        var rows = await ExecuteAsync(map.InsertSql(database.Provider), instance, expectedVersion: 0, cancellationToken);
        if (rows == 0)
        {
            throw new ConcurrencyException($"{typeof(TSaga).Name} {instance.CorrelationId} was inserted concurrently.", typeof(TSaga), instance.CorrelationId);
        }
    }

    /// <exception cref="ConcurrencyException">The stored version is no longer the one this instance was loaded at.</exception>
    public async Task UpdateAsync(TSaga instance, CancellationToken cancellationToken = default)
    {
        var expected = instance.Version;
        instance.Version = expected + 1;
        var rows = await ExecuteAsync(map.UpdateSql(database.Provider), instance, expected, cancellationToken);
        if (rows == 0)
        {
            instance.Version = expected;
            throw new ConcurrencyException(
                $"{typeof(TSaga).Name} {instance.CorrelationId} changed since version {expected} was loaded.", typeof(TSaga), instance.CorrelationId);
        }
    }

    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken = default)
    {
        var rows = await ExecuteAsync(map.DeleteSql(database.Provider), instance, instance.Version, cancellationToken);
        if (rows == 0)
        {
            throw new ConcurrencyException(
                $"{typeof(TSaga).Name} {instance.CorrelationId} changed since version {instance.Version} was loaded.", typeof(TSaga), instance.CorrelationId);
        }
    }

    private async Task<int> ExecuteAsync(string sql, TSaga instance, int expectedVersion, CancellationToken cancellationToken)
    {
        map.BeforeWrite(instance, clock.GetUtcNow());
        var parameters = new DynamicParameters(map.Columns(instance));
        parameters.Add("CorrelationId", instance.CorrelationId.ToString());
        parameters.Add("Version", instance.Version);
        parameters.Add("ExpectedVersion", expectedVersion);
        parameters.Add("Data", map.Serialize(instance));

        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
