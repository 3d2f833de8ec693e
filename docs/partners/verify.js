// Check a Syndication webhook (Standard Webhooks 1.0) with Node.js's built-in crypto only.
'use strict'
const crypto = require('node:crypto')

const TOLERANCE_SECONDS = 5 * 60

/**
 * Throws unless the webhook is authentic and recent.
 * @param {string} secret  the "whsec_..." string you were given
 * @param {Record<string, string>} headers  the request headers, with lower-case names (as Node gives them)
 * @param {Buffer} body  the raw request body, exactly as received (do not re-serialise the JSON)
 */
function verifyWebhook (secret, headers, body) {
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signatures = headers['webhook-signature']
  if (!id || !timestamp || !signatures) throw new Error('missing webhook-id, webhook-timestamp or webhook-signature')
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new Error('webhook-timestamp is not within five minutes of now')
  }

  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest()

  // During a key rotation the header holds several space-separated "v1,<base64>" signatures.
  for (const candidate of signatures.split(' ')) {
    const [version, signature] = candidate.split(',')
    if (version !== 'v1' || !signature) continue
    const given = Buffer.from(signature, 'base64')
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return
  }
  throw new Error('no signature matches the secret')
}

module.exports = { verifyWebhook }
