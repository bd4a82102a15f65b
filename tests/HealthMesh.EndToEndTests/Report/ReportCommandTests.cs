using HealthMesh.Testing;

namespace HealthMesh.EndToEndTests.Report;

/// <summary><c>healthmesh report</c>'s answers to a missing database and a bad <c>--since</c> (the happy path is in the browser test).</summary>
public sealed class ReportCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Report_without_a_database_or_with_a_bad_since_says_what_to_do_and_writes_nothing()
    {
        var empty = TestConfiguration.CreateTempDirectory("report-none");
        var file = Path.Combine(empty, "report.html");

        var missing = await HealthMeshCli.RunAsync(Timeout, "report", "--data-dir", empty, "--output", file);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No HealthMesh database", missing.Output);

        var badSince = await HealthMeshCli.RunAsync(Timeout, "report", "--data-dir", empty, "--output", file, "--since", "last tuesday");
        Assert.NotEqual(0, badSince.ExitCode);
        Assert.Contains("is not a date or time", badSince.Output);
        Assert.False(File.Exists(file));
    }
}
