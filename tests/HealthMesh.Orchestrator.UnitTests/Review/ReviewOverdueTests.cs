using System.Net.Http.Json;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>A draft past its review deadline is marked overdue in the queue, then escalated by the deadline monitor's saga event.</summary>
public sealed class ReviewOverdueTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync(new Dictionary<string, string?>
    {
        ["HealthMesh:Review:Deadline"] = "00:00:01",
        ["HealthMesh:Review:CriticalDeadline"] = "00:00:01",
        ["HealthMesh:Review:DeadlinePollInterval"] = "00:00:01",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_overdue_draft_is_marked_overdue_and_escalated_in_the_queue_api_and_page()
    {
        using var client = host.CreateClient();
        var id = await host.ToAwaitingReviewAsync();

        var until = DateTime.UtcNow.AddSeconds(20);
        ReviewQueueEntry? entry;
        do
        {
            await Task.Delay(200);
            entry = (await client.GetFromJsonAsync<List<ReviewQueueEntry>>("/api/reviews", OrchestratorApiHost.Json))!.Single(e => e.WorkflowId == id);
        }
        while (!(entry.Overdue && entry.Escalated) && DateTime.UtcNow < until);

        Assert.True(entry.Overdue, "The draft is past its deadline.");
        Assert.True(entry.Escalated, "The saga took the deadline event and escalated the draft.");
        var page = await client.GetStringAsync("/review");
        Assert.Contains("1 overdue", page);
        Assert.Contains("badge overdue", page);
        Assert.Contains("Escalated", page);
    }
}
