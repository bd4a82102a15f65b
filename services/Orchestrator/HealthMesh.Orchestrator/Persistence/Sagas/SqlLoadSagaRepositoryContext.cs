using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

/// <summary>Loads an instance outside message consumption (MassTransit's <c>ILoadSagaRepository</c>, used by test harnesses).</summary>
public sealed class SqlLoadSagaRepositoryContext<TSaga>(SqlSagaStore<TSaga> store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) => (await store.LoadAsync(correlationId, CancellationToken))!;
}
