using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

public static class SqlSagaRepositoryRegistrationExtensions
{
    /// <summary>
    /// Persists the saga with <see cref="SqlSagaStore{TSaga}"/> in the HealthMesh database, the way
    /// <c>.DynamoDbRepository()</c> / <c>.RedisRepository()</c> plug into <c>AddSagaStateMachine</c>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> SqlRepository<TSaga, TMap>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion
        where TMap : SqlSagaStateMap<TSaga>
    {
        configurator.Repository(repository =>
        {
            repository.TryAddSingleton<SqlSagaStateMap<TSaga>, TMap>();
            repository.TryAddSingleton<SqlSagaStore<TSaga>>();
            repository.RegisterSagaRepository<TSaga, SqlSagaStore<TSaga>, SagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga>, SqlSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterLoadSagaRepository<TSaga, SqlSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
