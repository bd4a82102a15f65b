using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace HealthMesh.Orchestrator.Persistence.Sagas;

/// <summary>The per-message view of the store that MassTransit's saga pipeline drives (load, add, save, update).</summary>
public sealed class SqlSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly SqlSagaStore<TSaga> store;
    private readonly ConsumeContext<TMessage> consumeContext;
    private readonly ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> factory;

    public SqlSagaRepositoryContext(
        SqlSagaStore<TSaga> store,
        ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        this.store = store;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        try
        {
            await store.InsertAsync(instance, CancellationToken);
        }
        catch (ConcurrencyException)
        {
            // MassTransit's contract for insert-on-initial: a lost insert race returns nothing and the pipeline loads.
            return default!;
        }

        return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await store.LoadAsync(correlationId, CancellationToken);
        return instance is null
            ? default!
            : await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => store.InsertAsync(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => store.UpdateAsync(context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context) => store.DeleteAsync(context.Saga, CancellationToken);

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, mode);
}
