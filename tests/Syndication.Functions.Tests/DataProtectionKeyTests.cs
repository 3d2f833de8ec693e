using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>
/// Two Function App instances over one storage account share the data-protection key ring
/// (<see cref="BlobKeyRepository"/>): what one protects, including the operator page's anti-forgery tokens, the
/// other accepts, as after a scale-out or a scale to zero.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DataProtectionKeyTests(AzuriteFixture azurite)
{
    [Fact]
    public void Unprotect_PayloadFromAnotherInstance_ReturnsTheOriginal()
    {
        using var first = new FunctionHost(azurite);
        using var second = new FunctionHost(azurite);
        var purpose = $"test-{Guid.NewGuid():N}";

        var payload = first.Get<IDataProtectionProvider>().CreateProtector(purpose).Protect("operator action");

        Assert.Equal("operator action", second.Get<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(payload));
    }

    [Fact]
    public async Task ValidateRequest_TokensIssuedByAnotherInstance_AreAccepted()
    {
        using var first = new FunctionHost(azurite);
        using var second = new FunctionHost(azurite);

        using var issueScope = first.Services.CreateScope();
        var page = new DefaultHttpContext { RequestServices = issueScope.ServiceProvider };
        var tokens = first.Get<IAntiforgery>().GetAndStoreTokens(page);

        using var postScope = second.Services.CreateScope();
        var post = new DefaultHttpContext { RequestServices = postScope.ServiceProvider };
        post.Request.Method = "POST";
        post.Request.Headers.Cookie = $"syndication-operator={tokens.CookieToken}";
        post.Request.Headers[tokens.HeaderName!] = tokens.RequestToken;

        Assert.True(await second.Get<IAntiforgery>().IsRequestValidAsync(post), "a token from the first instance was refused by the second");
    }

    [Fact]
    public async Task KeyRing_IsStoredInTheConfigContainer()
    {
        using var host = new FunctionHost(azurite);
        host.Get<IDataProtectionProvider>().CreateProtector("any").Protect("x");

        var keys = new List<string>();
        await foreach (var blob in host.Get<IBlobStore>().ListAsync(Containers.Config, BlobKeyRepository.Prefix, CancellationToken.None))
        {
            keys.Add(blob.Name);
        }

        Assert.Contains(keys, k => k.StartsWith(BlobKeyRepository.Prefix + "key-", StringComparison.Ordinal) && k.EndsWith(".xml", StringComparison.Ordinal));
    }
}
