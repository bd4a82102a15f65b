using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.Polling;
using HealthMesh.Testing;
using HealthMesh.Testing.FakeEhr;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Intake.FunctionalTests.Polling;

/// <summary>
/// The polling fallback against the fake EHR (paging by <c>Bundle.link[next]</c>), on SQLite and PostgreSQL: a round cut
/// short after two pages continues after a restart from its saved next link, and nothing is emitted twice or skipped.
/// </summary>
public sealed class PollingTests
{
    private const string Source = "finished-encounters";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async System.Threading.Tasks.Task A_restart_in_the_middle_of_paging_continues_without_re_emitting_or_skipping(string provider)
    {
        await using var ehr = await FakeEhr.StartAsync(ClinicalFixtures.All());
        ehr.PageSize = 2;
        for (var i = 1; i <= 4; i++)
        {
            ehr.Seed(ClinicalFixtures.Encounter($"enc-poll-{i}", Encounter.EncounterStatus.Finished));
        }

        var finished = ehr.All<Encounter>().Where(e => e.Status == Encounter.EncounterStatus.Finished).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, finished.Count);
        var (settings, cleanup) = await DatabaseAsync(provider);
        settings["HealthMesh:Ehr:BaseUrl"] = ehr.BaseUrl.AbsoluteUri;
        settings["HealthMesh:Intake:Polling:Enabled"] = "false";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:ResourceType"] = "Encounter";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:Criteria"] = "status=finished";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:PageSize"] = "2";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:InitialLookback"] = "1.00:00:00";
        try
        {
            List<string> firstHalf;
            await using (var host = await IntakeTestHost.StartAsync(settings: settings))
            {
                var cut = await host.Factory.Services.GetRequiredService<ResourcePoller>().PollOnceAsync(Source, maxPages: 2);
                Assert.Equal((2, 4, 4, false), (cut.Pages, cut.Found, cut.Accepted, cut.Finished));
                firstHalf = [.. host.Published().Select(p => p.ResourceId)];
            }

            var requestsBeforeRestart = ehr.Requests.Count;
            await using (var restarted = await IntakeTestHost.StartAsync(settings: settings))
            {
                var poller = restarted.Factory.Services.GetRequiredService<ResourcePoller>();
                var rest = await poller.PollOnceAsync(Source);

                // The restarted Intake asked for the third page, not for the first again.
                Assert.StartsWith("GET /fhir/Encounter?", ehr.Requests[requestsBeforeRestart]);
                Assert.Contains("_offset=4", ehr.Requests[requestsBeforeRestart]);
                Assert.Equal((1, 1, 1, true), (rest.Pages, rest.Found, rest.Accepted, rest.Finished));
                var secondHalf = restarted.Published().Select(p => p.ResourceId).ToList();
                Assert.Equal(finished, firstHalf.Concat(secondHalf).Order(StringComparer.Ordinal));

                // Next round: the overlap finds the recent resources again (duplicates by id + version), plus one new version.
                ehr.Seed(ClinicalFixtures.Encounter("enc-poll-2", Encounter.EncounterStatus.Finished));
                var next = await poller.PollOnceAsync(Source);
                Assert.True(next.Finished);
                Assert.Equal(1, next.Accepted);
                Assert.Equal(next.Found - 1, next.Duplicates);
                var newVersion = Assert.Single(restarted.Published(), p => p.ResourceId == "enc-poll-2");
                Assert.Equal("2", newVersion.ResourceVersion);
            }
        }
        finally
        {
            await cleanup();
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_round_that_finds_nothing_keeps_the_watermark()
    {
        await using var ehr = await FakeEhr.StartAsync(ClinicalFixtures.All());
        var (settings, cleanup) = await DatabaseAsync("Sqlite");
        settings["HealthMesh:Ehr:BaseUrl"] = ehr.BaseUrl.AbsoluteUri;
        settings["HealthMesh:Intake:Polling:Enabled"] = "false";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:ResourceType"] = "Encounter";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:Criteria"] = "status=finished";
        settings[$"HealthMesh:Intake:Polling:Sources:{Source}:InitialLookback"] = "1.00:00:00";
        try
        {
            await using var host = await IntakeTestHost.StartAsync(settings: settings);
            var poller = host.Factory.Services.GetRequiredService<ResourcePoller>();
            var store = host.Factory.Services.GetRequiredService<PollingWatermarkStore>();

            var first = await poller.PollOnceAsync(Source);
            var afterFirst = await store.GetAsync(Source, CancellationToken.None);
            var second = await poller.PollOnceAsync(Source);
            var afterSecond = await store.GetAsync(Source, CancellationToken.None);

            Assert.Equal((1, 1), (first.Found, first.Accepted));
            Assert.Equal(ehr.All<Encounter>().Single(e => e.Id == ClinicalFixtures.FinishedEncounterId).Meta!.LastUpdated, afterFirst.WatermarkAt);
            Assert.Equal((1, 0, 1), (second.Found, second.Accepted, second.Duplicates));
            Assert.Equal(afterFirst.WatermarkAt, afterSecond.WatermarkAt);
            Assert.Single(host.Published());
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task<(Dictionary<string, string> Settings, Func<System.Threading.Tasks.Task> Cleanup)> DatabaseAsync(string provider)
    {
        if (provider == "PostgreSql")
        {
            var connectionString = await TestServers.CreatePostgreSqlDatabaseAsync("intake_polling");
            return (new() { ["HealthMesh:Database:Provider"] = "PostgreSql", ["HealthMesh:Database:ConnectionString"] = connectionString },
                () => TestServers.DropPostgreSqlDatabaseAsync(connectionString));
        }

        var path = Path.Combine(Path.GetTempPath(), $"healthmesh-polling-{Guid.NewGuid():N}.db");
        return (new() { ["HealthMesh:Database:Provider"] = "Sqlite", ["HealthMesh:Database:ConnectionString"] = $"Data Source={path}" },
            () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, $"{path}-wal", $"{path}-shm" })
                {
                    File.Delete(file);
                }

                return System.Threading.Tasks.Task.CompletedTask;
            });
    }
}
