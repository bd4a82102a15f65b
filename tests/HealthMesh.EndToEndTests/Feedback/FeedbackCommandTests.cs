using System.Text.Json;
using HealthMesh.Testing;

namespace HealthMesh.EndToEndTests.Feedback;

/// <summary><c>healthmesh feedback export</c> over the decisions of a <c>process --approve-as</c> run kept in a data directory.</summary>
public sealed class FeedbackCommandTests
{
    private static readonly string Samples = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Export_writes_one_deidentified_line_per_decision_and_prints_rates_per_model_version()
    {
        var data = TestConfiguration.CreateTempDirectory("feedback-data");
        var processed = await HealthMeshCli.RunAsync(Timeout, "process", "--input", Samples, "--output", TestConfiguration.CreateTempDirectory("feedback-notes"),
            "--approve-as", "Practitioner/reviewer-7", "--data-dir", data);
        Assert.True(processed.ExitCode == 0, processed.Output);
        var file = Path.Combine(TestConfiguration.CreateTempDirectory("feedback-out"), "feedback.jsonl");

        var export = await HealthMeshCli.RunAsync(Timeout, "feedback", "export", "--data-dir", data, "--output", file);

        Assert.True(export.ExitCode == 0, export.Output);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(Directory.GetFiles(Samples, "*.json").Length, lines.Length);
        foreach (var line in lines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            Assert.Equal("Approved", json.GetProperty("decision").GetString());
            Assert.False(json.GetProperty("draft").TryGetProperty("workflowId", out _));
            Assert.NotEmpty(json.GetProperty("final").GetProperty("sections").EnumerateArray());
            Assert.Empty(json.GetProperty("diff").GetProperty("sentences").EnumerateArray());
        }

        Assert.Contains("acceptance rate", export.Output);
        Assert.Contains("100%", export.Output);
        Assert.Contains($"{lines.Length} decision(s) written", export.Output);

        var future = await HealthMeshCli.RunAsync(Timeout, "feedback", "export", "--data-dir", data, "--output", file, "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.True(future.ExitCode == 0, future.Output);
        Assert.Empty(await File.ReadAllLinesAsync(file));
    }

    [Fact]
    public async Task Export_without_a_database_or_with_a_bad_since_says_what_to_do()
    {
        var empty = TestConfiguration.CreateTempDirectory("feedback-none");
        var missing = await HealthMeshCli.RunAsync(Timeout, "feedback", "export", "--data-dir", empty, "--output", Path.Combine(empty, "f.jsonl"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No HealthMesh database", missing.Output);

        var badSince = await HealthMeshCli.RunAsync(Timeout, "feedback", "export", "--output", Path.Combine(empty, "f.jsonl"), "--since", "last tuesday");
        Assert.NotEqual(0, badSince.ExitCode);
        Assert.Contains("is not a date or time", badSince.Output);
    }
}
