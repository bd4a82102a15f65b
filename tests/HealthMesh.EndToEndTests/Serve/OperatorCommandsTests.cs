using System.Globalization;
using System.Text.Json;
using HealthMesh.Testing;

namespace HealthMesh.EndToEndTests.Serve;

/// <summary>
/// The operator commands against a running <c>healthmesh serve</c>: they authenticate with the local operator key
/// serve keeps in its data directory; without it (or with a wrong token) the operator API refuses them and the
/// command says what to pass.
/// </summary>
public sealed class OperatorCommandsTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Status_and_a_replay_dry_run_use_the_local_operator_key_and_are_refused_without_it()
    {
        var port = ServiceProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        var data = TestConfiguration.CreateTempDirectory("serve-ops");
        var elsewhere = TestConfiguration.CreateTempDirectory("serve-ops-nokey");
        var url = $"http://127.0.0.1:{port}/";
        using var serve = HealthMeshCli.Start("serve", "--port", port, "--data-dir", data, "--no-sample-data");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        await serve.WaitForAsync(async () => (await http.GetAsync("review/login")).IsSuccessStatusCode ? "up" : null);

        using (var secrets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "secrets.json"))))
        {
            var key = secrets.RootElement.GetProperty("HealthMesh").GetProperty("Review").GetProperty("Authentication").GetProperty("OperatorApiKey").GetString();
            Assert.Equal(64, key?.Length);
        }

        var status = await HealthMeshCli.RunAsync(CommandTimeout, "status", "--url", url, "--data-dir", data, "--json");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("\"workflowsByState\"", status.Output);

        var replay = await HealthMeshCli.RunAsync(CommandTimeout, "replay", "--url", url, "--data-dir", data, "--step", "draft", "--from", "2000-01-01T00:00Z", "--dry-run");
        Assert.True(replay.ExitCode == 0, replay.Output);

        var failed = await HealthMeshCli.RunAsync(CommandTimeout, "failed", "list", "--url", url, "--data-dir", data);
        Assert.True(failed.ExitCode == 0, failed.Output);
        Assert.Contains("0 failed messages", failed.Output);

        var noKey = await HealthMeshCli.RunAsync(CommandTimeout, "status", "--url", url, "--data-dir", elsewhere);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("401", noKey.Output);
        Assert.Contains("none was found", noKey.Output);
        Assert.Contains("--data-dir", noKey.Output);
        Assert.Contains("--token", noKey.Output);

        var wrongToken = await HealthMeshCli.RunAsync(CommandTimeout, "replay", "--url", url, "--token", "not-the-key", "--step", "draft", "--from", "2000-01-01T00:00Z", "--dry-run");
        Assert.Equal(2, wrongToken.ExitCode);
        Assert.Contains("401", wrongToken.Output);
        Assert.Contains("the token from --token", wrongToken.Output);
    }
}
