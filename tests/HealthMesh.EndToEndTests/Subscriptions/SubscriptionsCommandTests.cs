using System.Globalization;
using HealthMesh.Testing;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Subscriptions;

/// <summary>
/// <c>healthmesh subscriptions</c> against a running <c>serve</c> (sandbox EHR with SMART required, Intake): create a
/// Backport IG subscription and see its handshake reach Intake, list it, show its status, delete it.
/// </summary>
public sealed class SubscriptionsCommandTests
{
    [Fact]
    public async Task Create_waits_for_the_handshake_then_list_status_and_delete_show_both_sides()
    {
        var port = ServiceProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        var data = TestConfiguration.CreateTempDirectory("subscriptions");
        using var serve = HealthMeshCli.Start("serve", "--port", port, "--data-dir", data, "--no-sample-data");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        await serve.WaitForAsync(async () => (await http.GetAsync("health")).IsSuccessStatusCode ? "up" : null);
        string[] common = ["--ehr", $"http://127.0.0.1:{port}/fhir", "--intake", $"http://127.0.0.1:{port}", "--data-dir", data];

        // "sandbox" is the Intake subscription serve configured; its secret is read from the data directory.
        var create = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(2), [
            "subscriptions", "create", .. common, "--id", "sandbox", "--filter", "DiagnosticReport?status=final",
            "--payload", "id-only", "--heartbeat", "60", "--ehr-subscription-id", "hm-radiology"]);
        Assert.True(create.ExitCode == 0, create.Output);
        Assert.Contains("Created Subscription/hm-radiology in the EHR (Backport IG", create.Output);
        Assert.Contains("Handshake received by Intake: subscription 'sandbox' is active.", create.Output);

        var list = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), ["subscriptions", "list", .. common]);
        Assert.True(list.ExitCode == 0, list.Output);
        var line = Assert.Single(list.Output.Split('\n'), l => l.StartsWith("hm-radiology", StringComparison.Ordinal));
        Assert.Contains("sandbox", line);
        Assert.Contains("active", line);
        Assert.Contains("DiagnosticReport?status=final", line);

        var status = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), ["subscriptions", "status", .. common, "hm-radiology"]);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("EHR $status: active, events-since-subscription-start 0", status.Output);
        Assert.Contains("Intake: 'sandbox' active", status.Output);

        var delete = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), ["subscriptions", "delete", "--ehr", $"http://127.0.0.1:{port}/fhir", "--data-dir", data, "hm-radiology"]);
        Assert.True(delete.ExitCode == 0, delete.Output);
        var gone = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), ["subscriptions", "status", .. common, "hm-radiology"]);
        Assert.Equal(4, gone.ExitCode);
        Assert.Contains("does not exist in the EHR", gone.Output);

        var classic = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), [
            "subscriptions", "create", .. common, "--id", "sandbox", "--filter", "Encounter?status=finished", "--classic", "--ehr-subscription-id", "hm-classic"]);
        Assert.True(classic.ExitCode == 0, classic.Output);
        Assert.Contains("Created Subscription/hm-classic in the EHR (classic R4", classic.Output);
        var classicStatus = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(1), ["subscriptions", "status", .. common, "hm-classic"]);
        Assert.Contains("EHR: Subscription/hm-classic status active", classicStatus.Output);
        Assert.DoesNotContain("$status", classicStatus.Output);
    }
}
