/**
 * AgeRange, Gender and Emotions from face-api's age-gender and expression nets, both run on the
 * 112×112 square crop around the landmarks (face-api's own "aligned rect").
 * @module
 */
import type { AgeRange, Emotion, EmotionType, Gender } from '@facegate/core';
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
  };
}
