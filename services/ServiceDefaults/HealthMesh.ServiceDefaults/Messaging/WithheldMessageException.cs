using System.Runtime.ExceptionServices;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>
/// Stands in for an exception whose message may quote PHI (a Firely error quotes the value it rejected, an argument
/// exception its argument): MassTransit logs a consumer's exception and copies its message, inner exceptions included,
/// into the <c>Fault</c> and the <c>_error</c> queue's headers. What operators need to find the cause is kept: the
/// original type, the method that threw and the stack trace.
/// </summary>
public sealed class WithheldMessageException : Exception
{
    private WithheldMessageException(Exception original)
        : base($"{original.GetType().FullName} thrown in {Where(original)}; its message is withheld because it may quote PHI (see the stack trace).")
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
    }

    /// <summary>The full name of the exception type that was withheld.</summary>
    public string OriginalType { get; }

    /// <summary>A stand-in for <paramref name="original"/> with its type, origin and stack trace but none of its text.</summary>
    public static WithheldMessageException For(Exception original)
    {
        var withheld = new WithheldMessageException(original);
        return original.StackTrace is { } stackTrace ? (WithheldMessageException)ExceptionDispatchInfo.SetRemoteStackTrace(withheld, stackTrace) : withheld;
    }

    private static string Where(Exception original) =>
        original.TargetSite is { } method ? $"{method.DeclaringType?.FullName}.{method.Name}" : "an unknown method";
}
