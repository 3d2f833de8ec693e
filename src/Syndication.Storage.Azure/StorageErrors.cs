using Azure;
using Syndication.Core.Storage;

namespace Syndication.Storage.Azure;

/// <summary>Tells an unreachable account (network, DNS, refused connection) from a request the service answered.</summary>
internal static class StorageErrors
{
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        HttpRequestException => true,
        // The SDK's retry policy wraps the last failures of all its tries.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    public static StorageUnavailableException Unavailable(Uri endpoint, Exception exception) =>
        new($"The storage account at {endpoint.GetLeftPart(UriPartial.Path)} cannot be reached: {FirstMessage(exception)}", exception);

    private static string FirstMessage(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? FirstMessage(aggregate.InnerExceptions[^1]) : exception.Message.Split('\n')[0].Trim();
}
