// SPDX-License-Identifier: GPL-3.0-or-later
//
// A browser peer for Kinvisit's call engine tests: Debian's headless
// chromium (never a downloaded browser) with a fake camera and microphone,
// driven by playwright-core. Signalling is one JSON object per line:
//   stdout: {"type":"sdp","sdp_type":"offer"|"answer","sdp":...}
//           {"type":"ice","mline":N,"candidate":...}
//           {"type":"frames","frames":N}   (decoded remote frames, every 250 ms)
//           {"type":"error","message":...}
//   stdin:  the same sdp/ice messages from the other side, and {"type":"quit"}
//
//   node peer.js offer|answer

'use strict';

const http = require('http');
const readline = require('readline');
const { chromium } = require('playwright-core');

const role = process.argv[2];
const executablePath = process.env.KV_CHROMIUM || '/usr/bin/chromium';

// The flags that work headless on Debian 12 (platform-notes.md).
const args = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

// Runs in the page: one RTCPeerConnection, fake camera + microphone,
// the remote video in a <video> whose decoded frames are counted.
function pageMain(pageRole) {
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.appendChild(video);
  window.kvFrames = 0;
  const countFrame = () => {
    window.kvFrames++;
    video.requestVideoFrameCallback(countFrame);
  };
  video.requestVideoFrameCallback(countFrame);

  pc.ontrack = (event) => {
    if (event.track.kind === 'video')
      video.srcObject = new MediaStream([event.track]);
  };
  pc.onicecandidate = (event) => {
    if (event.candidate && event.candidate.candidate)
      window.kvSend({ type: 'ice', mline: event.candidate.sdpMLineIndex,
                      candidate: event.candidate.candidate });
  };
  pc.ondatachannel = (event) => {
    event.channel.onmessage = (m) => window.kvSend({ type: 'play', json: m.data });
  };

  window.kvReceive = async (message) => {
    if (message.type === 'sdp') {
      await pc.setRemoteDescription({ type: message.sdp_type, sdp: message.sdp });
      if (message.sdp_type === 'offer') {
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        window.kvSend({ type: 'sdp', sdp_type: 'answer', sdp: pc.localDescription.sdp });
      }
    } else if (message.type === 'ice') {
      await pc.addIceCandidate({ candidate: message.candidate, sdpMLineIndex: message.mline });
    }
  };

  return (async () => {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: 640, height: 480 }, audio: true });
    for (const track of stream.getTracks())
      pc.addTrack(track, stream);
    if (pageRole === 'offer') {
      pc.createDataChannel('kinvisit-play');
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      window.kvSend({ type: 'sdp', sdp_type: 'offer', sdp: pc.localDescription.sdp });
    }
  })();
}

async function main() {
  if (role !== 'offer' && role !== 'answer') {
    send({ type: 'error', message: 'usage: peer.js offer|answer' });
    process.exit(2);
  }

  // getUserMedia needs a secure context: a page from 127.0.0.1 is one.
  // The server listens on loopback, on a free port, for this run only.
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!DOCTYPE html><html><body></body></html>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  const browser = await chromium.launch({ executablePath, args, headless: true });
  const page = await browser.newPage();
  await page.exposeFunction('kvSend', send);
  page.on('pageerror', (error) => send({ type: 'error', message: String(error) }));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(pageMain, role);

  const timer = setInterval(async () => {
    try {
      send({ type: 'frames', frames: await page.evaluate(() => window.kvFrames) });
    } catch (e) {
      // The page is closing.
    }
  }, 250);

  const input = readline.createInterface({ input: process.stdin });
  for await (const line of input) {
    let message;
    try {
      message = JSON.parse(line);
    } catch (e) {
      send({ type: 'error', message: 'bad input line' });
      continue;
    }
    if (message.type === 'quit')
      break;
    try {
      await page.evaluate((m) => window.kvReceive(m), message);
    } catch (e) {
      send({ type: 'error', message: String(e) });
    }
  }

  clearInterval(timer);
  await browser.close();
  server.close();
}

main().catch((error) => {
  send({ type: 'error', message: String(error) });
  process.exit(1);
});
