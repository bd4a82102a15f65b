using System.Globalization;
using HealthMesh.Testing;
using HealthMesh.Testing.Identity;
using HealthMesh.Testing.Monitoring;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.BrowserTests.Monitoring;

/// <summary>
/// The monitoring page in a real browser against the built <c>healthmesh serve</c>, over a seeded month with a degraded
/// engine version, a drift and a group disparity planted; then <c>healthmesh report</c> on the same database, opened
/// from disk with every network request refused. Saves the README's screenshot.
/// </summary>
public sealed class MonitoringUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_viewer_sees_the_charts_and_the_planted_alerts_and_the_report_file_renders_the_same_offline()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium.");
        var port = ServiceProcess.FreeLoopbackPort();
        var data = TestConfiguration.CreateTempDirectory("browser-monitoring");
        using var serve = HealthMeshCli.Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        await serve.WaitForAsync(async () => (await http.GetAsync("review/login")).IsSuccessStatusCode ? "up" : null);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "healthmesh.db")}"))
        {
            await connection.OpenAsync();
            await MonitoringSeed.SeedAsync(connection, DateTimeOffset.UtcNow);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = http.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        // Not signed in, the page sends the browser to the development login; the read-only viewer is enough.
        await page.GotoAsync("monitoring");
        await page.WaitForURLAsync("**/review/login**");
        await page.ClickAsync($"button[data-reviewer='{DevelopmentLogin.Viewer}']");
        await page.WaitForURLAsync(url => !url.Contains("/review/login", StringComparison.Ordinal));
        await page.GotoAsync("monitoring");

        var alerts = page.Locator("#alerts .alert");
        await Assertions.Expect(alerts.Filter(new() { HasText = "rules 1.1.0: 40% of drafted sentences edited" })).ToBeVisibleAsync();
        await Assertions.Expect(alerts.Filter(new() { HasText = "note-kind has drifted" })).ToBeVisibleAsync();
        await Assertions.Expect(alerts.Filter(new() { HasText = "language 'es' fall behind" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("figure.chart svg").CountAsync() >= 5);
        Assert.True(await page.Locator("svg polyline.series").CountAsync() >= 4);
        // The charts are drawn: the edit-rate chart has a visible box of its own size.
        var chart = await page.Locator("figure.chart svg").First.BoundingBoxAsync();
        Assert.True(chart is { Width: > 600, Height: > 200 }, $"chart box {chart?.Width}x{chart?.Height}");
        await Assertions.Expect(page.Locator("tr[data-dimension='language'][data-group='es'] td.bad")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("monitoring.png"), FullPage = true });
        Assert.Empty(scriptErrors);

        // The report command writes the same figures into one file that needs nothing from the network.
        var file = Path.Combine(TestConfiguration.CreateTempDirectory("browser-report"), "monitoring.html");
        var report = await HealthMeshCli.RunAsync(TimeSpan.FromMinutes(3), "report", "--data-dir", data, "--output", file);
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains("rules 1.1.0: 40% of drafted sentences edited", report.Output);

        var offline = await context.NewPageAsync();
        var requests = new List<string>();
        await offline.RouteAsync("**/*", async route =>
        {
            requests.Add(route.Request.Url);
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.AbortAsync();
            }
        });
        await offline.GotoAsync(new Uri(file).AbsoluteUri);
        await Assertions.Expect(offline.Locator("#alerts .alert").Filter(new() { HasText = "language 'es' fall behind" })).ToBeVisibleAsync();
        Assert.True(await offline.Locator("figure.chart svg polyline.series").CountAsync() >= 4);
        Assert.Equal([new Uri(file).AbsoluteUri], requests);
    }

    private static string Screenshot(string name) => Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "screenshots", name);
}
