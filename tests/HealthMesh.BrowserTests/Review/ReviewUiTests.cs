using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Testing.Identity;
using Hl7.Fhir.Model;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.BrowserTests.Review;

/// <summary>
/// A clinician's review in a real browser (Debian's headless Chromium, driven by Playwright) against the built
/// <c>healthmesh serve</c>: the reviewer signs in with the development login; the queue puts the critical radiology draft first; in the draft, selecting a code
/// highlights its evidence in the source panel; a sentence is edited in place and the draft approved; the sandbox EHR
/// then holds the note with the edited sentence, its Composition and its Provenance. Saves the README's screenshots.
/// </summary>
public sealed class ReviewUiTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Reviewer = "Practitioner/sbx-pract-shah";
    private const string EditedSentence = "Findings reviewed and confirmed by the reading radiologist.";

    [Fact]
    public async Task A_reviewer_sees_a_codes_evidence_edits_a_sentence_and_approves_and_the_EHR_holds_the_edited_note()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium.");
        var port = ServiceProcess.FreeLoopbackPort();
        var data = TestConfiguration.CreateTempDirectory("browser");
        using var serve = HealthMeshCli.Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var samples = Directory.GetFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir"), "*.json").Length;
        await serve.WaitForAsync(async () => (await http.GetAsync("review/login")).IsSuccessStatusCode ? "up" : null);
        await DevelopmentLogin.SignInAsync(http, DevelopmentLogin.Shah);
        await serve.WaitForAsync(async () => await http.GetFromJsonAsync<JsonElement[]>("api/reviews") is { } queue && queue.Length == samples ? queue : null);

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
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        // Not signed in, the queue sends the browser to the development login; the reviewer picks herself.
        await page.GotoAsync("review");
        await page.WaitForURLAsync("**/review/login**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("review-login.png"), FullPage = true });
        await page.ClickAsync($"button[data-reviewer='{DevelopmentLogin.Shah}']");
        await page.WaitForURLAsync("**/review");
        await Assertions.Expect(page.Locator("#user-name")).ToHaveTextAsync("Dr. Anita Shah");

        // The queue: critical radiology first.
        var first = page.Locator("table.queue tbody tr").First;
        Assert.Equal("Critical", (await first.Locator(".badge").First.TextContentAsync())?.Trim());
        Assert.Equal(samples, await page.Locator("table.queue tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("review-queue.png"), FullPage = true });
        var workflowId = await first.GetAttributeAsync("data-workflow-id");
        await first.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/review/{workflowId}");

        // Selecting a code highlights exactly the span of the source it came from.
        var draft = (await http.GetFromJsonAsync<JsonElement>($"api/reviews/{workflowId}")).GetProperty("draft");
        var codes = draft.GetProperty("codes").EnumerateArray().ToList();
        var codeIndex = codes.FindIndex(c => c.GetProperty("evidence").GetArrayLength() > 0);
        Assert.True(codeIndex >= 0, "The critical draft proposes a code with evidence.");
        var evidence = codes[codeIndex].GetProperty("evidence")[0];
        var sourceId = evidence.GetProperty("sourceId").GetString()!;
        var sourceText = draft.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("sourceId").GetString() == sourceId).GetProperty("text").GetString()!;
        var cited = sourceText.Substring(evidence.GetProperty("start").GetInt32(), evidence.GetProperty("length").GetInt32());

        var codeRow = page.Locator($"tr.code[data-code-index='{codeIndex}']");
        await codeRow.ClickAsync();
        var marks = page.Locator($".source[data-source-id='{sourceId}'] mark");
        await Assertions.Expect(marks.First).ToBeVisibleAsync();
        Assert.Contains(cited, await marks.AllTextContentsAsync());
        Assert.Contains("selected", await codeRow.GetAttributeAsync("class"));

        // Edit the first sentence in place.
        var sentence = page.Locator(".sentence").First;
        await sentence.Locator(".edit-sentence").ClickAsync();
        await sentence.Locator("textarea").FillAsync(EditedSentence);
        await sentence.Locator(".edit-sentence").ClickAsync();
        Assert.Equal(EditedSentence, await sentence.Locator(".text").TextContentAsync());
        await Assertions.Expect(page.Locator("#edit-status")).ToContainTextAsync("1 change");

        await codeRow.ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("review-draft.png"), FullPage = true });

        // Approve: back to the queue (the saga takes the decision asynchronously, so the row may linger a moment).
        await page.ClickAsync("#approve");
        await page.WaitForURLAsync("**/review");
        Assert.Empty(scriptErrors);

        // The sandbox EHR holds the final note with the edited sentence, its Composition and its Provenance.
        var document = await serve.WaitForAsync(async () =>
            (await SearchAsync<DocumentReference>(http, $"DocumentReference?identifier=urn:healthmesh:note|{workflowId}-DocumentReference")).SingleOrDefault());
        Assert.Equal(CompositionStatus.Final, document.DocStatus);
        Assert.Equal(Reviewer, Assert.Single(document.Author).Reference);
        var plainText = document.Content.Select(c => c.Attachment).Single(a => a.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true);
        var text = Encoding.UTF8.GetString(plainText.Data ?? []);
        Assert.Contains(EditedSentence, text);
        Assert.Single(await SearchAsync<Composition>(http, $"Composition?identifier=urn:healthmesh:note|{workflowId}-Composition"));
        var provenance = Assert.Single(await SearchAsync<Provenance>(http, $"Provenance?_tag=urn:healthmesh:note|{workflowId}-Provenance"));
        Assert.Contains(provenance.Agent, a => a.Who?.Reference == Reviewer);
    }

    private static async Task<List<T>> SearchAsync<T>(HttpClient http, string query) where T : Resource =>
        FhirJson.Parse<Bundle>(await http.GetStringAsync($"fhir/{query}")).Entry.Select(e => e.Resource).OfType<T>().ToList();

    private static string Screenshot(string name) => Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "screenshots", name);
}
