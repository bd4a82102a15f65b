using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>
/// Endpoint policy: retry of every exception, <see cref="ConcurrencyException"/> included (another instance saved the
/// saga first: the retry reloads it and runs the message again), an in-memory outbox so sends and publishes leave only after the saga row is saved, and a
/// partitioner on the workflow id so one process never races itself on one saga. Default concurrency 16: saga steps
/// wait on the database, not the CPU.
/// </summary>
public sealed class ClinicalNoteWorkflowDefinition : SagaDefinition<ClinicalNoteWorkflowState>
{
    public const int DefaultConcurrentMessageLimit = 16;

    private const int Partitions = 32;

    public ClinicalNoteWorkflowDefinition(IOptions<TransportOptions> transport)
    {
        EndpointName = KnownQueues.ClinicalNoteWorkflow;
        Endpoint(ReceiveEndpointLimits.For(transport.Value, KnownQueues.ClinicalNoteWorkflow, DefaultConcurrentMessageLimit).ApplyTo);
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<ClinicalNoteWorkflowState> sagaConfigurator,
        IRegistrationContext context)
    {
        // No Handle<T> filter: naming ConcurrencyException alone would stop transient database errors being retried.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(50, 100, 200, 500, 1000, 2000, 5000));
        endpointConfigurator.UseInMemoryOutbox(context);

        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        Partition<ClinicalEventReceived>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ClinicalContextDeidentified>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ClinicalNoteDrafted>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ClinicalNoteReviewed>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ClinicalNoteWrittenBack>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ClinicalNoteSuperseded>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ReviewDeadlinePassed>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<RetryClinicalNoteWorkflow>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<ReplayClinicalNoteWorkflow>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<GetClinicalNoteWorkflowStatus>(sagaConfigurator, partition, m => m.WorkflowId);
        Partition<Fault<DeidentifyClinicalContext>>(sagaConfigurator, partition, m => m.Message.WorkflowId);
        Partition<Fault<DraftClinicalNote>>(sagaConfigurator, partition, m => m.Message.WorkflowId);
        Partition<Fault<WriteBackClinicalNote>>(sagaConfigurator, partition, m => m.Message.WorkflowId);
    }

    private static void Partition<T>(ISagaConfigurator<ClinicalNoteWorkflowState> saga, IPartitioner partition, Func<T, Guid> workflowId)
        where T : class =>
        saga.Message<T>(m => m.UsePartitioner(partition, context => workflowId(context.Message)));
}
