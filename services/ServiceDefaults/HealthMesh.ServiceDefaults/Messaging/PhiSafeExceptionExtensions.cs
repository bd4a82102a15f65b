using MassTransit;

namespace HealthMesh.ServiceDefaults.Messaging;

public static class PhiSafeExceptionExtensions
{
    /// <summary>
    /// Withholds the message of any exception the consumer throws that is not of <paramref name="phiFree"/> or an
    /// infrastructure type (see <see cref="PhiSafeExceptionFilter{TConsumer}"/>).
    /// </summary>
    public static void UsePhiSafeExceptions<TConsumer>(this IConsumerConfigurator<TConsumer> configurator, params Type[] phiFree)
        where TConsumer : class =>
        configurator.UseFilter(new PhiSafeExceptionFilter<TConsumer>(phiFree));
}
