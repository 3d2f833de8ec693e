using Syndication.Core.Delivery;

namespace Syndication.Delivery.Tests;

public class WebhookSignerTests
{
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";

    [Fact]
    public void Sign_StandardWebhooksTestVector_MatchesPublishedSignature()
    {
        var signature = WebhookSigner.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void SignatureHeader_TwoSecretsDuringRotation_EachSecretVerifies()
    {
        var current = WebhookSecret.Generate();
        var previous = WebhookSecret.Generate();
        var now = DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp);

        var header = WebhookSigner.SignatureHeader([current, previous], SpecId, SpecTimestamp, SpecBody);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.Null(WebhookSigner.Verify(current, SpecId, "1614265330", header, SpecBody, now));
        Assert.Null(WebhookSigner.Verify(previous, SpecId, "1614265330", header, SpecBody, now));
        Assert.NotNull(WebhookSigner.Verify(WebhookSecret.Generate(), SpecId, "1614265330", header, SpecBody, now));
    }

    [Theory]
    [InlineData("{\"test\": 2432232315}", "1614265330", "no signature matches")]
    [InlineData("{\"test\": 2432232314}", "1614265100", "no signature matches")]
    [InlineData("{\"test\": 2432232314}", "1614264000", "more than 5 minutes")]
    public void Verify_TamperedBodyOrTimestamp_IsRejected(string body, string timestamp, string reason)
    {
        var header = WebhookSigner.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody);

        var problem = WebhookSigner.Verify(SpecSecret, SpecId, timestamp, header, body, DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp));

        Assert.True(problem?.Contains(reason, StringComparison.Ordinal) == true, $"body {body}, timestamp {timestamp}: got '{problem}'");
    }
}
