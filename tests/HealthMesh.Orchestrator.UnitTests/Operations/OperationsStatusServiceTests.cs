using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Status;
using HealthMesh.Orchestrator.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

public sealed class OperationsStatusServiceTests
{
    [Fact]
    public async Task Oldest_waiting_is_the_longest_in_its_state_even_when_an_escalation_updated_it_since()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var start = h.Clock.GetUtcNow();
        var first = (await h.ToAwaitingReviewAsync(resourceId: "enc-first")).WorkflowId;
        h.Clock.Advance(TimeSpan.FromHours(25));
        var second = (await h.ToAwaitingReviewAsync(resourceId: "enc-second")).WorkflowId;
        h.Clock.Advance(TimeSpan.FromHours(1));

        // The escalation writes the first workflow (its last update is now the latest) without changing its state.
        await h.Bus.Bus.Publish(new ReviewDeadlinePassed(first, (await h.StateAsync(first)).ReviewDueAt!.Value));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!(await h.StateAsync(first)).Escalated)
        {
            Assert.True(DateTime.UtcNow < until, "The first workflow was not escalated.");
            await Task.Delay(25);
        }

        Assert.Equal(start + TimeSpan.FromHours(26), (await h.StateAsync(first)).UpdatedAt);
        using var scope = h.Services.CreateScope();
        var status = await scope.ServiceProvider.GetRequiredService<OperationsStatusService>().GetAsync();

        var oldest = status.OldestByState.Single(o => o.State == "AwaitingReview");
        Assert.Equal((first, start, TimeSpan.FromHours(26)), (oldest.WorkflowId, oldest.EnteredAt, oldest.AgeInState));
        Assert.Equal(start + TimeSpan.FromHours(25), (await h.StateAsync(second)).StateEnteredAt);
    }

    [Fact]
    public async Task A_transition_restarts_the_age_in_state()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        h.Clock.Advance(TimeSpan.FromHours(3));

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));
        await h.InState(id, m => m.WritingBack);
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        using var scope = h.Services.CreateScope();
        var status = await scope.ServiceProvider.GetRequiredService<OperationsStatusService>().GetAsync();

        var oldest = status.OldestByState.Single(o => o.State == "WritingBack");
        Assert.Equal((id, TimeSpan.FromMinutes(10)), (oldest.WorkflowId, oldest.AgeInState));
        Assert.DoesNotContain(status.OldestByState, o => o.State == "AwaitingReview");
    }
}
