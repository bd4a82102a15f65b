using System.Diagnostics;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>
/// One saga per note: de-identify → draft → human review → write back. Instances are never finalized or deleted,
/// so a replayed <see cref="Contracts.ClinicalEventReceived"/> (same deterministic workflow id) lands on the existing
/// instance and is ignored instead of starting the note again. Consent: Intake checks it before the workflow starts (a
/// denial starts the instance in ConsentDenied), and the saga asks again right before every write-back (ConfirmingConsent);
/// a withdrawal ends in ConsentWithdrawn, with nothing written and the re-identification data purged.
/// </summary>
public sealed partial class ClinicalNoteWorkflow : MassTransitStateMachine<ClinicalNoteWorkflowState>
{
    private readonly ReviewOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<ClinicalNoteWorkflow> logger;

    public ClinicalNoteWorkflow(IOptions<ReviewOptions> options, TimeProvider clock, ILogger<ClinicalNoteWorkflow> logger)
    {
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;

        InstanceState(x => x.CurrentState);

        Event(() => ClinicalEventReceived, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ClinicalEventConsentDenied, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => PatientConsentChecked, x =>
        {
            x.CorrelateById(m => m.Message.WorkflowId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => ClinicalContextDeidentified, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ClinicalNoteDrafted, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ClinicalNoteReviewed, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ClinicalNoteWrittenBack, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ClinicalNoteSuperseded, x =>
        {
            x.CorrelateById(m => m.Message.WorkflowId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => ReviewDeadlinePassed, x =>
        {
            x.CorrelateById(m => m.Message.WorkflowId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => RetryClinicalNoteWorkflow, x => x.CorrelateById(m => m.Message.WorkflowId));
        Event(() => ReplayClinicalNoteWorkflow, x =>
        {
            x.CorrelateById(m => m.Message.WorkflowId);
            x.OnMissingInstance(m => m.Discard());
        });
        Event(() => GetClinicalNoteWorkflowStatus, x =>
        {
            x.CorrelateById(m => m.Message.WorkflowId);
            x.OnMissingInstance(m => m.ExecuteAsync(context => context.RespondAsync(new ClinicalNoteWorkflowNotFound(context.Message.WorkflowId))));
        });
        Event(() => DeidentifyClinicalContextFaulted, x => x.CorrelateById(m => m.Message.Message.WorkflowId));
        Event(() => DraftClinicalNoteFaulted, x => x.CorrelateById(m => m.Message.Message.WorkflowId));
        Event(() => WriteBackClinicalNoteFaulted, x => x.CorrelateById(m => m.Message.Message.WorkflowId));
        Event(() => CheckPatientConsentFaulted, x => x.CorrelateById(m => m.Message.Message.WorkflowId));

        Initially(
            When(ClinicalEventReceived)
                .Then(context => Start(context.Saga, context.Message))
                .Activity(x => x.OfType<SupersedeOlderWorkflowsActivity>())
                .IfElse(
                    context => context.Saga.SupersededByWorkflowId is not null,
                    superseded => superseded.TransitionTo(Superseded),
                    current => current
                        .Then(context => CountAttempt(context.Saga, KnownWorkflowSteps.Deidentify))
                        .Send(context => Deidentify(context.Saga))
                        .TransitionTo(Deidentifying)),
            When(ClinicalEventConsentDenied)
                .Then(context => StartDenied(context.Saga, context.Message))
                .TransitionTo(ConsentDenied));

        // A redelivered event in the state it led to re-sends that state's command: when the broker dropped the
        // connection after the saga row was saved but before the in-memory outbox delivered, the redelivery is the only
        // thing left that can send it. Every command consumer is idempotent, so a needless re-send costs one duplicate.
        During(Deidentifying,
            When(ClinicalEventReceived)
                .Send(context => Deidentify(context.Saga)),
            When(ClinicalContextDeidentified)
                .Then(context =>
                {
                    context.Saga.DeidentifiedContextReference = context.Message.DeidentifiedContextReference;
                    // 1 for a new workflow; a replay from de-identification drafts a new revision beside the old one.
                    context.Saga.DraftRevision++;
                    CountAttempt(context.Saga, KnownWorkflowSteps.Draft);
                })
                .Send(context => Draft(context.Saga))
                .TransitionTo(Drafting),
            When(DeidentifyClinicalContextFaulted)
                .Then(context => RecordFault(context.Saga, KnownWorkflowSteps.Deidentify, context.Message))
                .Publish(context => WorkflowFaulted(context.Saga))
                .TransitionTo(Faulted));

        During(Drafting,
            When(ClinicalNoteDrafted, context => context.Message.Revision == context.Saga.DraftRevision)
                .Then(context => RecordDraft(context.Saga, context.Message))
                .TransitionTo(AwaitingReview),
            When(ClinicalNoteDrafted, context => context.Message.Revision != context.Saga.DraftRevision)
                .Then(context => LogStaleRevision(context.Saga.CorrelationId, nameof(Contracts.ClinicalNoteDrafted), context.Message.Revision, context.Saga.DraftRevision)),
            When(DraftClinicalNoteFaulted, context => context.Message.Message.Revision == context.Saga.DraftRevision)
                .Then(context => RecordFault(context.Saga, KnownWorkflowSteps.Draft, context.Message))
                .Publish(context => WorkflowFaulted(context.Saga))
                .TransitionTo(Faulted),
            When(ClinicalContextDeidentified)
                .Send(context => Draft(context.Saga)),
            Ignore(ClinicalNoteReviewed));

        During(AwaitingReview,
            When(ClinicalNoteReviewed, context => context.Message.ReviewedRevision != context.Saga.DraftRevision)
                .Then(context => LogStaleRevision(context.Saga.CorrelationId, nameof(Contracts.ClinicalNoteReviewed), context.Message.ReviewedRevision, context.Saga.DraftRevision)),
            When(ClinicalNoteReviewed, context => IsCurrentApproval(context.Saga, context.Message))
                .Then(context =>
                {
                    RecordReview(context.Saga, context.Message);
                    context.Saga.FinalNoteReference = context.Message.FinalNoteReference
                        ?? throw new InvalidOperationException($"Approval of workflow {context.Saga.CorrelationId} names no final note.");
                    CountAttempt(context.Saga, KnownWorkflowSteps.Consent);
                })
                .Send(context => CheckConsent(context.Saga))
                .TransitionTo(ConfirmingConsent),
            When(ClinicalNoteReviewed, context => IsCurrent(context.Saga, context.Message) && context.Message.Decision == ReviewDecision.Rejected)
                .Then(context =>
                {
                    RecordReview(context.Saga, context.Message);
                    context.Saga.RejectionReason = context.Message.Reason;
                })
                .TransitionTo(Rejected),
            When(ClinicalNoteReviewed, context => IsCurrent(context.Saga, context.Message) && context.Message.Decision == ReviewDecision.RegenerationRequested)
                .Then(context =>
                {
                    RecordReview(context.Saga, context.Message);
                    context.Saga.DraftRevision++;
                    context.Saga.DraftReference = null;
                    context.Saga.ReviewDueAt = null;
                    context.Saga.Escalated = false;
                    CountAttempt(context.Saga, KnownWorkflowSteps.Draft);
                })
                .Send(context => Draft(context.Saga))
                .TransitionTo(Drafting),
            When(ReviewDeadlinePassed, context => IsDue(context.Saga, context.Message))
                .Then(context => context.Saga.Escalated = true)
                .Publish(context => new ClinicalNoteReviewOverdue(context.Saga.CorrelationId, context.Saga.ReviewDueAt!.Value, context.Saga.Priority)),
            When(ReviewDeadlinePassed, context => !IsDue(context.Saga, context.Message))
                .Then(context => LogDeadlineIgnored(context.Saga.CorrelationId)),
            Ignore(ClinicalNoteDrafted));

        // Consent may be withdrawn while the note waits for review: it is checked again right before anything is
        // written, on every path into WritingBack (approval, retry, replay).
        During(ConfirmingConsent,
            When(PatientConsentChecked, context => context.Message.Permitted)
                .Then(context =>
                {
                    context.Saga.ConsentCheckedAt = context.Message.CheckedAt;
                    CountAttempt(context.Saga, KnownWorkflowSteps.WriteBack);
                })
                .Send(context => WriteBack(context.Saga))
                .TransitionTo(WritingBack),
            When(PatientConsentChecked, context => !context.Message.Permitted)
                .Then(context =>
                {
                    context.Saga.ConsentCheckedAt = context.Message.CheckedAt;
                    context.Saga.ConsentReason = context.Message.Reason;
                    LogConsentWithdrawn(context.Saga.CorrelationId);
                })
                .Send(context => new PurgeReidentificationData(context.Saga.CorrelationId, $"Consent withdrawn before write-back: {context.Message.Reason}", clock.GetUtcNow()))
                .TransitionTo(ConsentWithdrawn),
            When(CheckPatientConsentFaulted)
                .Then(context => RecordFault(context.Saga, KnownWorkflowSteps.Consent, context.Message))
                .Publish(context => WorkflowFaulted(context.Saga))
                .TransitionTo(Faulted),
            When(ClinicalNoteReviewed, context => IsCurrentApproval(context.Saga, context.Message))
                .Send(context => CheckConsent(context.Saga)),
            Ignore(ReviewDeadlinePassed));

        During(WritingBack,
            When(ClinicalNoteWrittenBack)
                .Then(context =>
                {
                    context.Saga.DocumentReference = context.Message.DocumentReference;
                    context.Saga.CompositionReference = context.Message.CompositionReference;
                    context.Saga.ProvenanceReference = context.Message.ProvenanceReference;
                })
                .Publish(context => new ClinicalNoteWorkflowCompleted(context.Saga.CorrelationId, context.Message.DocumentReference))
                .TransitionTo(Completed),
            When(WriteBackClinicalNoteFaulted)
                .Then(context => RecordFault(context.Saga, KnownWorkflowSteps.WriteBack, context.Message))
                .Publish(context => WorkflowFaulted(context.Saga))
                .TransitionTo(Faulted),
            When(ClinicalNoteReviewed, context => IsCurrentApproval(context.Saga, context.Message))
                .Send(context => WriteBack(context.Saga)),
            Ignore(ReviewDeadlinePassed));

        During(Faulted,
            When(RetryClinicalNoteWorkflow, context => context.Saga.FaultStep == KnownWorkflowSteps.Deidentify)
                .Then(context => Retry(context.Saga, context.Message))
                .Send(context => Deidentify(context.Saga))
                .TransitionTo(Deidentifying),
            When(RetryClinicalNoteWorkflow, context => context.Saga.FaultStep == KnownWorkflowSteps.Draft)
                .Then(context => Retry(context.Saga, context.Message))
                .Send(context => Draft(context.Saga))
                .TransitionTo(Drafting),
            When(RetryClinicalNoteWorkflow, context => context.Saga.FaultStep is KnownWorkflowSteps.WriteBack or KnownWorkflowSteps.Consent)
                .Then(context => RetryWithConsentCheck(context.Saga, context.Message))
                .Send(context => CheckConsent(context.Saga))
                .TransitionTo(ConfirmingConsent));

        // An operator's replay restarts a step in any state but Superseded, finished ones included: the replay is an
        // explicit request, not a duplicate. Write-back stays idempotent (conditional create), so a replayed write-back
        // of a completed workflow finds its note and writes no second one.
        During([Deidentifying, Drafting, AwaitingReview, ConfirmingConsent, WritingBack, Completed, Rejected, Faulted],
            When(ReplayClinicalNoteWorkflow, context => context.Message.FromStep == KnownWorkflowSteps.Deidentify)
                .Then(context => PrepareReplay(context.Saga, context.Message))
                .Send(context => Deidentify(context.Saga))
                .TransitionTo(Deidentifying),
            When(ReplayClinicalNoteWorkflow, context => context.Message.FromStep == KnownWorkflowSteps.Draft && CanRedraft(context.Saga, context.Message, context.Saga.CurrentState))
                .Then(context =>
                {
                    PrepareReplay(context.Saga, context.Message);
                    context.Saga.DraftRevision++;
                })
                .Send(context => Draft(context.Saga))
                .TransitionTo(Drafting),
            When(ReplayClinicalNoteWorkflow, context => context.Message.FromStep == KnownWorkflowSteps.WriteBack && CanWriteBack(context.Saga))
                .Then(context => PrepareReplay(context.Saga, context.Message))
                .Send(context => CheckConsent(context.Saga))
                .TransitionTo(ConfirmingConsent),
            When(ReplayClinicalNoteWorkflow, context => !CanReplay(context.Saga, context.Message, context.Saga.CurrentState))
                .Then(context => LogReplayRefused(context.Saga.CorrelationId, context.Message.FromStep, context.Saga.CurrentState)));

        During([Deidentifying, Drafting, AwaitingReview, ConfirmingConsent, WritingBack, Faulted],
            When(ClinicalNoteSuperseded)
                .Then(context => context.Saga.SupersededByWorkflowId = context.Message.SupersededByWorkflowId)
                .TransitionTo(Superseded));

        During([Completed, Rejected, Superseded],
            Ignore(ClinicalNoteSuperseded),
            Ignore(ClinicalNoteReviewed),
            Ignore(ReviewDeadlinePassed),
            Ignore(RetryClinicalNoteWorkflow));

        During(Superseded,
            Ignore(ReplayClinicalNoteWorkflow));

        // Consent stopped the workflow for good: a new note for this resource needs a new version of it (a new
        // workflow), which is checked against the patient's consent as it is then.
        During([ConsentDenied, ConsentWithdrawn],
            Ignore(ClinicalEventConsentDenied),
            Ignore(ClinicalNoteSuperseded),
            Ignore(ClinicalNoteDrafted),
            Ignore(ClinicalNoteReviewed),
            Ignore(PatientConsentChecked),
            Ignore(ReviewDeadlinePassed),
            Ignore(RetryClinicalNoteWorkflow),
            When(ReplayClinicalNoteWorkflow)
                .Then(context => LogReplayRefused(context.Saga.CorrelationId, context.Message.FromStep, context.Saga.CurrentState)));

        During([Drafting, AwaitingReview, ConfirmingConsent, WritingBack, Completed, Rejected, Faulted, Superseded, ConsentDenied, ConsentWithdrawn],
            Ignore(ClinicalEventReceived));

        DuringAny(
            When(GetClinicalNoteWorkflowStatus)
                .Respond(context => Status(context.Saga)));

        // "Oldest waiting" is age in the current state; the last update also moves on retries and escalations.
        WhenEnterAny(binder => binder.Then(context => context.Saga.StateEnteredAt = clock.GetUtcNow()));

        // Replays after a broker restart and late duplicates (a second fault, a result after a retry) are expected;
        // faulting them would only fill the error queue, so they are logged by id and dropped.
        OnUnhandledEvent(context =>
        {
            LogUnhandled(context.Saga.CorrelationId, context.Event.Name, context.Saga.CurrentState);
            return Task.CompletedTask;
        });
    }

    public State Deidentifying { get; private set; } = null!;

    public State Drafting { get; private set; } = null!;

    public State AwaitingReview { get; private set; } = null!;

    public State WritingBack { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Rejected { get; private set; } = null!;

    public State Faulted { get; private set; } = null!;

    public State Superseded { get; private set; } = null!;

    public State ConfirmingConsent { get; private set; } = null!;

    public State ConsentDenied { get; private set; } = null!;

    public State ConsentWithdrawn { get; private set; } = null!;

    public Event<ClinicalEventReceived> ClinicalEventReceived { get; private set; } = null!;

    public Event<ClinicalEventConsentDenied> ClinicalEventConsentDenied { get; private set; } = null!;

    public Event<PatientConsentChecked> PatientConsentChecked { get; private set; } = null!;

    public Event<ClinicalContextDeidentified> ClinicalContextDeidentified { get; private set; } = null!;

    public Event<ClinicalNoteDrafted> ClinicalNoteDrafted { get; private set; } = null!;

    public Event<ClinicalNoteReviewed> ClinicalNoteReviewed { get; private set; } = null!;

    public Event<ClinicalNoteWrittenBack> ClinicalNoteWrittenBack { get; private set; } = null!;

    public Event<ClinicalNoteSuperseded> ClinicalNoteSuperseded { get; private set; } = null!;

    public Event<ReviewDeadlinePassed> ReviewDeadlinePassed { get; private set; } = null!;

    public Event<RetryClinicalNoteWorkflow> RetryClinicalNoteWorkflow { get; private set; } = null!;

    public Event<ReplayClinicalNoteWorkflow> ReplayClinicalNoteWorkflow { get; private set; } = null!;

    public Event<GetClinicalNoteWorkflowStatus> GetClinicalNoteWorkflowStatus { get; private set; } = null!;

    public Event<Fault<DeidentifyClinicalContext>> DeidentifyClinicalContextFaulted { get; private set; } = null!;

    public Event<Fault<DraftClinicalNote>> DraftClinicalNoteFaulted { get; private set; } = null!;

    public Event<Fault<WriteBackClinicalNote>> WriteBackClinicalNoteFaulted { get; private set; } = null!;

    public Event<Fault<CheckPatientConsent>> CheckPatientConsentFaulted { get; private set; } = null!;

    /// <summary>The key workflows of one source resource share, whatever its version.</summary>
    public static string ResourceKeyOf(string sourceSystem, string resourceType, string resourceId) =>
        $"{sourceSystem.TrimEnd('/').ToLowerInvariant()}|{resourceType}/{resourceId}";

    private void Start(ClinicalNoteWorkflowState saga, ClinicalEventReceived message)
    {
        saga.TraceParent = Activity.Current?.Id;
        saga.SourceSystem = message.SourceSystem;
        saga.ResourceType = message.ResourceType;
        saga.ResourceId = message.ResourceId;
        saga.ResourceVersion = message.ResourceVersion;
        saga.ResourceLastUpdated = message.ResourceLastUpdated;
        saga.ResourceKey = ResourceKeyOf(message.SourceSystem, message.ResourceType, message.ResourceId);
        saga.NoteKind = message.NoteKind;
        saga.ContextReference = message.ContextReference;
        saga.ReceivedAt = message.ReceivedAt;
        saga.CreatedAt = clock.GetUtcNow();
    }

    private void StartDenied(ClinicalNoteWorkflowState saga, ClinicalEventConsentDenied message)
    {
        saga.SourceSystem = message.SourceSystem;
        saga.ResourceType = message.ResourceType;
        saga.ResourceId = message.ResourceId;
        saga.ResourceVersion = message.ResourceVersion;
        saga.ResourceLastUpdated = message.ResourceLastUpdated;
        saga.ResourceKey = ResourceKeyOf(message.SourceSystem, message.ResourceType, message.ResourceId);
        saga.NoteKind = message.NoteKind;
        saga.ReceivedAt = message.ReceivedAt;
        saga.CreatedAt = clock.GetUtcNow();
        saga.ConsentReason = message.Reason;
        saga.ConsentCheckedAt = message.ReceivedAt;
        LogConsentDenied(saga.CorrelationId);
    }

    private void RecordDraft(ClinicalNoteWorkflowState saga, ClinicalNoteDrafted message)
    {
        saga.DraftReference = message.DraftReference;
        saga.Priority = message.Priority;
        saga.EngineName = message.EngineName;
        saga.EngineVersion = message.EngineVersion;
        saga.ReviewDueAt = clock.GetUtcNow() + (message.Priority == ReviewPriority.Critical ? options.CriticalDeadline : options.Deadline);
        saga.Escalated = false;
    }

    private static void RecordReview(ClinicalNoteWorkflowState saga, ClinicalNoteReviewed message)
    {
        saga.ReviewDecision = message.Decision;
        saga.ReviewerReference = message.ReviewerReference;
        saga.ReviewedAt = message.ReviewedAt;
    }

    private static bool IsCurrent(ClinicalNoteWorkflowState saga, ClinicalNoteReviewed message) =>
        message.ReviewedRevision == saga.DraftRevision;

    private static bool IsCurrentApproval(ClinicalNoteWorkflowState saga, ClinicalNoteReviewed message) =>
        IsCurrent(saga, message) && message.Decision is ReviewDecision.Approved or ReviewDecision.ApprovedWithEdits;

    /// <summary>
    /// The monitor may report a deadline twice (several instances, or a poll before the escalation was saved) or
    /// report the deadline of a draft that has since been regenerated; only the first report of the current one counts.
    /// </summary>
    private static bool IsDue(ClinicalNoteWorkflowState saga, ReviewDeadlinePassed message) =>
        !saga.Escalated && saga.ReviewDueAt is { } due && due <= message.DueAt;

    private static void CountAttempt(ClinicalNoteWorkflowState saga, string step) =>
        saga.Attempts[step] = saga.Attempts.GetValueOrDefault(step) + 1;

    private static void RecordFault<T>(ClinicalNoteWorkflowState saga, string step, Fault<T> fault)
    {
        saga.FaultStep = step;
        saga.FaultReason = fault.Exceptions.FirstOrDefault()?.Message ?? "The step faulted without an exception message.";
        saga.FaultAttempts = saga.Attempts.GetValueOrDefault(step);
    }

    private void Retry(ClinicalNoteWorkflowState saga, RetryClinicalNoteWorkflow message)
    {
        LogRetry(saga.CorrelationId, saga.FaultStep!);
        CountAttempt(saga, saga.FaultStep!);
        saga.FaultStep = null;
        saga.FaultReason = null;
    }

    /// <summary>A retried write-back or consent check starts with the consent check; the attempt counts as the consent step's.</summary>
    private void RetryWithConsentCheck(ClinicalNoteWorkflowState saga, RetryClinicalNoteWorkflow message)
    {
        LogRetry(saga.CorrelationId, saga.FaultStep!);
        CountAttempt(saga, KnownWorkflowSteps.Consent);
        saga.FaultStep = null;
        saga.FaultReason = null;
    }

    /// <summary>
    /// Whether a replay from <paramref name="replay"/>'s step can run in the workflow's current state: a draft needs a
    /// de-identified context (and, once a reviewer decided, an explicit request to supersede that draft); a write-back
    /// needs an approved note.
    /// </summary>
    public static bool CanReplay(ClinicalNoteWorkflowState saga, ReplayClinicalNoteWorkflow replay, string currentState) => replay.FromStep switch
    {
        _ when IsStoppedByConsent(currentState) => false,
        KnownWorkflowSteps.Deidentify => currentState != nameof(Superseded),
        KnownWorkflowSteps.Draft => CanRedraft(saga, replay, currentState),
        KnownWorkflowSteps.WriteBack => CanWriteBack(saga),
        _ => false,
    };

    private static bool CanRedraft(ClinicalNoteWorkflowState saga, ReplayClinicalNoteWorkflow replay, string currentState) =>
        saga.DeidentifiedContextReference is not null
        && currentState != nameof(Superseded)
        && (replay.SupersedeReviewed || !IsReviewed(saga, currentState));

    /// <summary>The patient's consent ended the workflow: nothing of it may run again.</summary>
    public static bool IsStoppedByConsent(string currentState) => currentState is nameof(ConsentDenied) or nameof(ConsentWithdrawn);

    /// <summary>A reviewer decided on the current draft: it is being or was written back, or was rejected.</summary>
    public static bool IsReviewed(ClinicalNoteWorkflowState saga, string currentState) =>
        currentState is nameof(ConfirmingConsent) or nameof(WritingBack) or nameof(Completed) or nameof(Rejected)
        || (currentState == nameof(Faulted) && saga.FaultStep is KnownWorkflowSteps.WriteBack or KnownWorkflowSteps.Consent);

    private static bool CanWriteBack(ClinicalNoteWorkflowState saga) =>
        saga.FinalNoteReference is not null && saga.ReviewerReference is not null && saga.ReviewedAt is not null;

    private void PrepareReplay(ClinicalNoteWorkflowState saga, ReplayClinicalNoteWorkflow replay)
    {
        LogReplay(saga.CorrelationId, replay.FromStep, saga.CurrentState, replay.ReplayBatchId);

        // A write-back replay starts with the consent check; the write-back attempt counts once consent is confirmed.
        CountAttempt(saga, replay.FromStep == KnownWorkflowSteps.WriteBack ? KnownWorkflowSteps.Consent : replay.FromStep);
        saga.FaultStep = null;
        saga.FaultReason = null;
        if (replay.FromStep != KnownWorkflowSteps.WriteBack)
        {
            saga.DraftReference = null;
            saga.ReviewDueAt = null;
            saga.Escalated = false;
        }
    }

    private static DeidentifyClinicalContext Deidentify(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.ContextReference, saga.NoteKind);

    private static DraftClinicalNote Draft(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.DeidentifiedContextReference!, saga.NoteKind, saga.DraftRevision);

    private static WriteBackClinicalNote WriteBack(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.SourceSystem, saga.ResourceType, saga.ResourceId, saga.ResourceVersion,
            saga.FinalNoteReference!, saga.ReviewerReference!, saga.ReviewedAt!.Value);

    private CheckPatientConsent CheckConsent(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.ContextReference, clock.GetUtcNow());

    private static ClinicalNoteWorkflowFaulted WorkflowFaulted(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.FaultStep!, saga.FaultReason!, saga.FaultAttempts);

    /// <summary>The status a workflow reports, on the bus and over the operator API.</summary>
    public static ClinicalNoteWorkflowStatus Status(ClinicalNoteWorkflowState saga) =>
        new(saga.CorrelationId, saga.CurrentState, saga.SourceSystem, saga.ResourceType, saga.ResourceId, saga.ResourceVersion,
            saga.DraftReference, saga.DraftRevision, saga.Priority, saga.DocumentReference, saga.FaultStep, saga.FaultReason,
            saga.FaultAttempts, saga.CreatedAt, saga.UpdatedAt, saga.ConsentReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} ignored {Message} for revision {Revision}; current revision is {CurrentRevision}")]
    private partial void LogStaleRevision(Guid workflowId, string message, int revision, int currentRevision);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow {WorkflowId} ignored a review deadline that is stale or already escalated")]
    private partial void LogDeadlineIgnored(Guid workflowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} retries step {Step}")]
    private partial void LogRetry(Guid workflowId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} replays step {Step} from state {State} (replay batch {ReplayBatchId})")]
    private partial void LogReplay(Guid workflowId, string step, string state, Guid replayBatchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} refused a replay of step {Step} in state {State}: the step's input is missing or its result was already reviewed")]
    private partial void LogReplayRefused(Guid workflowId, string step, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} stopped at start: the patient's consent denies AI-assisted documentation")]
    private partial void LogConsentDenied(Guid workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} stopped before write-back: the patient's consent was withdrawn; nothing is written and its re-identification data is purged")]
    private partial void LogConsentWithdrawn(Guid workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} dropped {Event} received in state {State}")]
    private partial void LogUnhandled(Guid workflowId, string @event, string state);
}
