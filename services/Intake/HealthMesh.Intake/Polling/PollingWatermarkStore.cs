using System.Globalization;
using Dapper;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Intake.Polling;

/// <summary><c>intake_polling_watermarks</c>: one row per polling source, written after every page.</summary>
public sealed class PollingWatermarkStore(Database database)
{
    private static readonly System.Reflection.Assembly Scripts = typeof(PollingWatermarkStore).Assembly;

    public async Task<PollingWatermark> GetAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(Command("SelectPollingWatermark", new { SourceId = sourceId }, cancellationToken));
        return row is null
            ? new PollingWatermark(sourceId, null, null, null)
            : new PollingWatermark(row.SourceId, Parse(row.WatermarkAt), Parse(row.RoundHigh), row.NextUrl);
    }

    public async Task SaveAsync(PollingWatermark watermark, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "UpsertPollingWatermark",
            new
            {
                watermark.SourceId,
                WatermarkAt = Format(watermark.WatermarkAt),
                RoundHigh = Format(watermark.RoundHigh),
                watermark.NextUrl,
                UpdatedAt = Format(now),
            },
            cancellationToken));
    }

    private CommandDefinition Command(string script, object parameters, CancellationToken cancellationToken) =>
        new(SqlScripts.Get(Scripts, script, database.Provider), parameters, cancellationToken: cancellationToken);

    private static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record Row(string SourceId, string? WatermarkAt, string? RoundHigh, string? NextUrl);
}
