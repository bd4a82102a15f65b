using HealthMesh.Contracts;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit.Testing;

namespace HealthMesh.Orchestrator.UnitTests.Workflows.ClinicalNote;

public sealed class ClinicalNoteWorkflowConsentTests
{
    private const string DenialReason = "Consent/c1 (policy http://healthmesh.example/fhir/ConsentPolicy/ai-assisted-documentation, recorded 2026-01-15) denies AI-assisted documentation.";

    [Fact]
    public async Task A_denial_at_start_ends_the_workflow_in_consent_denied_with_its_reason_and_sends_nothing()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var denied = new ClinicalEventConsentDenied(received.WorkflowId, received.SourceSystem, received.ResourceType, received.ResourceId,
            received.ResourceVersion, received.ResourceLastUpdated, received.NoteKind, DenialReason, h.Clock.GetUtcNow());

        await h.Bus.Bus.Publish(denied);

        await h.InState(received.WorkflowId, m => m.ConsentDenied);
        var state = await h.StateAsync(received.WorkflowId);
        Assert.Equal(DenialReason, state.ConsentReason);
        Assert.Equal("enc-1", state.ResourceId);
        var status = ClinicalNoteWorkflow.Status(state);
        Assert.Equal("ConsentDenied", status.State);
        Assert.Equal(DenialReason, status.ConsentReason);

        // A late start for the same version, a redelivered denial and an operator's replay change nothing.
        await h.Bus.Bus.Publish(received);
        await h.Bus.Bus.Publish(denied);
        await h.Bus.Bus.Publish(new ReplayClinicalNoteWorkflow(received.WorkflowId, KnownWorkflowSteps.Deidentify, Guid.NewGuid(), Guid.NewGuid(), "ops", false));
        await h.SagaConsumed<ReplayClinicalNoteWorkflow>(1);
        await h.InState(received.WorkflowId, m => m.ConsentDenied);
        Assert.Empty(h.Bus.Sent.Select<DeidentifyClinicalContext>());
        Assert.Empty(h.Bus.Sent.Select<DraftClinicalNote>());
        Assert.False(ClinicalNoteWorkflow.CanReplay(state, new ReplayClinicalNoteWorkflow(received.WorkflowId, KnownWorkflowSteps.Deidentify, Guid.NewGuid(), Guid.NewGuid(), "ops", false), state.CurrentState));
    }

    [Fact]
    public async Task An_approval_checks_consent_again_before_it_writes_back()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = await h.ToAwaitingReviewAsync();
        var id = received.WorkflowId;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));

        await h.InState(id, m => m.WritingBack);
        var check = await h.SentSingleAsync<CheckPatientConsent>();
        Assert.Equal(id, check.WorkflowId);
        Assert.Equal(received.ContextReference, check.ContextReference);
        await h.SentSingleAsync<WriteBackClinicalNote>();
        var state = await h.StateAsync(id);
        Assert.NotNull(state.ConsentCheckedAt);
        Assert.Null(state.ConsentReason);
        Assert.Equal(1, state.Attempts[KnownWorkflowSteps.Consent]);
    }

    [Fact]
    public async Task A_withdrawal_before_write_back_stops_the_workflow_writes_nothing_and_purges_reidentification_data()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        h.Consent.Permitted = false;
        h.Consent.Reason = DenialReason;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));

        await h.InState(id, m => m.ConsentWithdrawn);
        var purge = await h.SentSingleAsync<PurgeReidentificationData>();
        Assert.Equal(id, purge.WorkflowId);
        Assert.Equal($"Consent withdrawn before write-back: {DenialReason}", purge.Reason);
        Assert.EndsWith(KnownQueues.PurgeReidentificationData, h.Bus.Sent.Select<PurgeReidentificationData>().Single().Context.DestinationAddress!.AbsolutePath, StringComparison.Ordinal);
        var state = await h.StateAsync(id);
        Assert.Equal(DenialReason, state.ConsentReason);
        Assert.Equal(DenialReason, ClinicalNoteWorkflow.Status(state).ConsentReason);

        // A redelivered approval, a retry and a replay from write-back cannot bring it back to writing.
        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));
        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(id, "Practitioner/ops"));
        await h.Bus.Bus.Publish(new ReplayClinicalNoteWorkflow(id, KnownWorkflowSteps.WriteBack, Guid.NewGuid(), Guid.NewGuid(), "ops", false));
        await h.SagaConsumed<ReplayClinicalNoteWorkflow>(1);
        await h.InState(id, m => m.ConsentWithdrawn);
        Assert.Empty(h.Bus.Sent.Select<WriteBackClinicalNote>());
        Assert.Single(h.Bus.Sent.Select<CheckPatientConsent>());
    }

    [Fact]
    public async Task A_failed_consent_check_faults_the_workflow_and_a_retry_checks_again()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<CheckPatientConsent>(KnownQueues.CheckPatientConsent), answerConsent: false);
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));

        await h.InState(id, m => m.Faulted);
        var state = await h.StateAsync(id);
        Assert.Equal(KnownWorkflowSteps.Consent, state.FaultStep);
        Assert.Equal(FailingCommandConsumer<CheckPatientConsent>.Reason, state.FaultReason);

        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(id, "Practitioner/ops"));
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.Step == KnownWorkflowSteps.Consent && x.Context.Message.Attempts == 2));
        Assert.Equal(2, h.Bus.Sent.Select<CheckPatientConsent>().Count());
        Assert.Empty(h.Bus.Sent.Select<WriteBackClinicalNote>());
    }
}
