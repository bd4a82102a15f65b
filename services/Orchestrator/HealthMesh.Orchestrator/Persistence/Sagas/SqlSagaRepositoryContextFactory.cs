using MassTransit;
using MassTransit.Saga;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

/// <summary>
/// MassTransit's extension point for saga persistence, modelled on its DynamoDB repository: one repository context
/// per consumed message, backed by <see cref="SqlSagaStore{TSaga}"/>. Queries by expression are not supported; the
/// saga's own queries (review queue, deadlines) are SQL over indexed columns.
/// </summary>
public sealed class SqlSagaRepositoryContextFactory<TSaga>(
    SqlSagaStore<TSaga> store,
    ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Probe(ProbeContext context) => context.Add("persistence", "sql");

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(new SqlSagaRepositoryContext<TSaga, T>(store, context, factory));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException($"The SQL saga repository does not query {typeof(TSaga).Name} by expression; correlate by id.");

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new SqlLoadSagaRepositoryContext<TSaga>(store, cancellationToken));
}
