/**
 * AgeRange, Gender, Emotions and Smile from face-api's age-gender and expression nets, both run
 * on the 112×112 square crop around the landmarks (face-api's own "aligned rect"); MouthOpen from
 * the 68 landmarks. Accuracy on labelled photos: docs/benchmarks.md, "Face attributes".
 * @module
 */
import type { AgeRange, BooleanAttribute, Emotion, EmotionType, Gender } from '@facegate/core';
import type { Point } from '../align/face-templates.js';
import type { AgeGenderNet } from '../nets/age-gender-net.js';
import type { DenseNet } from '../nets/dense-net.js';

/** The expression net's seven outputs, in order (face-api's neutral … surprised). */
const EMOTIONS: EmotionType[] = ['CALM', 'HAPPY', 'SAD', 'ANGRY', 'FEAR', 'DISGUSTED', 'SURPRISED'];

/** The two nets behind `DetectionAttributes: ALL`. */
export interface AttributeNets {
  ageGender: AgeGenderNet;
  expression: DenseNet;
}

export interface Attributes {
  AgeRange: AgeRange;
  Gender: Gender;
  Emotions: Emotion[];
  Smile: BooleanAttribute;
}

/** Smile when the expression net's HAPPY probability reaches this (not fitted: its own 50 %). */
export const SMILE_HAPPY_PROBABILITY = 0.5;

/**
 * MouthOpen when the gap between the inner lips reaches this share of the mouth's width
 * (landmarks 61–63 against 67–65, over 48–54). The cut fitted on the labelled photos of each half
 * of the people (bench section `attributes`) was 0.070 and 0.045, each 86–88 % right on the other
 * half; this is about their mean.
 */
export const MOUTH_OPEN_RATIO = 0.06;
/** How fast MouthOpen's confidence grows with the distance from the cut (logistic scale). */
export const MOUTH_OPEN_SCALE = 0.02;

/** Inner-lip gap over mouth width, from the 68 landmarks. */
export function mouthOpenRatio(p: Point[]): number {
  const d = (a: number, b: number) => Math.hypot(p[a]!.x - p[b]!.x, p[a]!.y - p[b]!.y);
  const gap = (d(61, 67) + d(62, 66) + d(63, 65)) / 3;
  return gap / Math.max(1e-6, d(48, 54));
}

/** A yes/no answer from a score and its cut, as sure as the score is far from the cut. */
function decide(score: number, cut: number, scale: number): BooleanAttribute {
  const p = 1 / (1 + Math.exp(-(score - cut) / scale));
  const yes = score >= cut;
  return { Value: yes, Confidence: r2((yes ? p : 1 - p) * 100) };
}

/** MouthOpen from the landmarks. */
export function mouthOpenOf(points: Point[]): BooleanAttribute {
  return decide(mouthOpenRatio(points), MOUTH_OPEN_RATIO, MOUTH_OPEN_SCALE);
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Runs both nets on a 112×112 RGB crop (0–255; not changed). */
export async function attributesOf(
  nets: AttributeNets,
  crop112: Float32Array,
): Promise<Attributes> {
  const ag = await nets.ageGender.predict(crop112);
  const [logits] = await nets.expression.predict([crop112]);
  const max = Math.max(...logits!);
  const exp = Array.from(logits!, (l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  // The net's mean absolute error is several years: give a range that widens with age.
  const spread = Math.max(3, ag.age * 0.15);
  const male = ag.male > 0.5;
  const emotions: Emotion[] = EMOTIONS.map((Type, i) => ({
    Type,
    Confidence: r2((exp[i]! / total) * 100),
  })).sort((a, b) => b.Confidence - a.Confidence);
  return {
    AgeRange: { Low: Math.max(0, Math.floor(ag.age - spread)), High: Math.ceil(ag.age + spread) },
    Gender: {
      Value: male ? 'Male' : 'Female',
      Confidence: r2((male ? ag.male : 1 - ag.male) * 100),
    },
    Emotions: emotions,
    Smile: decide(exp[1]! / total, SMILE_HAPPY_PROBABILITY, 0.1),
  };
}
