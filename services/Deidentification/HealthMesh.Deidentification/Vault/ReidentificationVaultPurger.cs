using HealthMesh.Contracts;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// Removes re-identification data: one workflow's (write-back done, consent withdrawn) or every vault past retention.
/// Needs no key: purging only drops ciphertext and leaves a tombstone.
/// </summary>
public sealed partial class ReidentificationVaultPurger
{
    public const string WrittenBackReason = "written back";
    public const string RetentionReason = "retention elapsed";

    private readonly ReidentificationVaultStore store;
    private readonly ILogger<ReidentificationVaultPurger> logger;

    internal ReidentificationVaultPurger(ReidentificationVaultStore store, ILogger<ReidentificationVaultPurger> logger)
    {
        this.store = store;
        this.logger = logger;
    }

    /// <returns>True when this call purged it; false when it had been purged before.</returns>
    public async Task<bool> PurgeAsync(Guid workflowId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var purged = await store.PurgeAsync(workflowId, reason, writtenBack: null, cancellationToken);
        LogPurged(workflowId, reason, purged);
        return purged;
    }

    /// <summary>After a confirmed write: the tombstone keeps where the note went, so a replay answers "already present".</summary>
    public async Task<bool> PurgeWrittenBackAsync(ClinicalNoteWrittenBack written, CancellationToken cancellationToken)
    {
        var purged = await store.PurgeAsync(written.WorkflowId, WrittenBackReason, written with { AlreadyPresent = true }, cancellationToken);
        LogPurged(written.WorkflowId, WrittenBackReason, purged);
        return purged;
    }

    /// <summary>Purges every vault stored more than <paramref name="retention"/> ago that is still live; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(TimeSpan retention, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purged = await store.PurgeStoredBeforeAsync(now - retention, RetentionReason, cancellationToken);
        if (purged > 0)
        {
            LogExpired(purged, retention);
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId}: re-identification data purged ({Reason}; first purge: {Purged})")]
    private partial void LogPurged(Guid workflowId, string reason, bool purged);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} re-identification vaults purged: stored more than {Retention} ago and never written back")]
    private partial void LogExpired(int count, TimeSpan retention);
}
