using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;

namespace HealthMesh.Testing.Monitoring;

/// <summary>
/// A month of review decisions and incoming work written straight into the Orchestrator's tables (migrations 0003 and
/// 0007), with three things planted for monitoring to find: engine version <c>rules 1.1.0</c>, live for the last 7 days,
/// has 40% of its sentences and half its codes changed; Spanish-speaking patients' notes (every third) have half their
/// sentences rewritten on <c>rules 1.0.0</c>; and the last 7 days' work is mostly long radiology reports where the month
/// before was encounters. With <paramref name="clean"/> nothing is planted: one version, alike groups, a steady mix.
/// </summary>
public static class MonitoringSeed
{
    public const string GoodVersion = "1.0.0";
    public const string DegradedVersion = "1.1.0";

    public static async Task SeedAsync(DbConnection connection, DateTimeOffset now, bool clean = false)
    {
        var rows = 0;
        for (var day = 0; day < 30; day++)
        {
            for (var slot = 0; slot < 3; slot++)
            {
                var spanish = !clean && rows % 3 == 0;
                var decided = now.AddDays(-day).AddHours(-(2 + (slot * 5)));
                await InsertAsync(connection, decided, GoodVersion, changed: spanish ? 5 : rows % 10 == 0 ? 1 : 0, removed: 0,
                    language: spanish ? "es" : "en", sex: rows % 2 == 0 ? "female" : "male", radiology: rows % 5 == 0, words: 320);
                rows++;
            }

            if (!clean && day < 7)
            {
                for (var slot = 0; slot < 4; slot++)
                {
                    await InsertAsync(connection, now.AddDays(-day).AddHours(-(1 + (slot * 4))), DegradedVersion, changed: 4, removed: 2,
                        language: "en", sex: slot % 2 == 0 ? "female" : "male", radiology: true, words: 1400);
                }
            }
        }
    }

    private static async Task InsertAsync(
        DbConnection connection, DateTimeOffset decided, string version, int changed, int removed, string language, string sex, bool radiology, int words)
    {
        var workflowId = Guid.NewGuid().ToString();
        var diff = JsonSerializer.Serialize(new
        {
            sentencesDrafted = 10,
            sentences = Enumerable.Range(0, changed).Select(i => new { section = "assessment", index = i, before = "drafted", after = "edited" }),
            codesAccepted = Enumerable.Range(0, 4 - removed).Select(i => $"http://hl7.org/fhir/sid/icd-10-cm|J{i}"),
            codesRemoved = Enumerable.Range(0, removed).Select(i => $"http://hl7.org/fhir/sid/icd-10-cm|R{i}"),
            codesAdded = Array.Empty<string>(),
        });
        await connection.ExecuteAsync(
            "INSERT INTO clinical_note_feedback (workflow_id, revision, feedback_id, decision, note_kind, engine_name, engine_version, opened_at, decided_at, draft, final, diff, reason) " +
            "VALUES (@WorkflowId, 1, @FeedbackId, @Decision, @NoteKind, 'rules', @Version, @OpenedAt, @DecidedAt, '{}', '{}', @Diff, NULL)",
            new
            {
                WorkflowId = workflowId,
                FeedbackId = Guid.NewGuid().ToString(),
                Decision = changed > 0 || removed > 0 ? "ApprovedWithEdits" : "Approved",
                NoteKind = radiology ? "RadiologyReport" : "EncounterSummary",
                Version = version,
                OpenedAt = Time(decided.AddSeconds(-(90 + (changed * 30)))),
                DecidedAt = Time(decided),
                Diff = diff,
            });
        await connection.ExecuteAsync(
            "INSERT INTO monitoring_workflows (workflow_id, note_kind, received_at, sex, age_band, language, race, ethnicity, drafted_at, source_words, sections, code_chapters) " +
            "VALUES (@WorkflowId, @NoteKind, @ReceivedAt, @Sex, '45-64', @Language, NULL, NULL, @ReceivedAt, @Words, @Sections, @Chapters)",
            new
            {
                WorkflowId = workflowId,
                NoteKind = radiology ? "RadiologyReport" : "EncounterSummary",
                ReceivedAt = Time(decided.AddHours(-1)),
                Sex = sex,
                Language = language,
                Words = words,
                Sections = radiology ? "findings,impression" : "subjective,objective,assessment,plan",
                Chapters = radiology ? "R,R" : "J,I",
            });
    }

    /// <summary>The Orchestrator's stored time format: fixed-width ISO-8601 UTC text.</summary>
    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
