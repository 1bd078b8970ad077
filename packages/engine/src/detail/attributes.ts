/**
 * AgeRange, Gender and Emotions from face-api's age-gender and expression nets, both run on the
 * 112×112 square crop around the landmarks (face-api's own "aligned rect").
 * @module
 */
import type { AgeRange, Emotion, EmotionType, Gender } from '@facegate/core';
import type { FaceApi } from '../runtime/tf-runtime.js';

const EMOTIONS: Record<string, EmotionType> = {
  neutral: 'CALM',
  happy: 'HAPPY',
  sad: 'SAD',
  angry: 'ANGRY',
  fearful: 'FEAR',
  disgusted: 'DISGUSTED',
  surprised: 'SURPRISED',
};

export interface Attributes {
  AgeRange: AgeRange;
  Gender: Gender;
  Emotions: Emotion[];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Runs both nets on a 112×112 RGB crop (0–255). */
export async function attributesOf(faceapi: FaceApi, crop112: Float32Array): Promise<Attributes> {
  const input = faceapi.tf.tensor4d(crop112, [1, 112, 112, 3]);
  try {
    const ag = await faceapi.nets.ageGenderNet.predictAgeAndGender(input);
    const ex = await faceapi.nets.faceExpressionNet.predictExpressions(input);
    // The net's mean absolute error is several years: give a range that widens with age.
    const spread = Math.max(3, ag.age * 0.15);
    const emotions: Emotion[] = Object.entries(EMOTIONS)
      .map(([key, Type]) => ({ Type, Confidence: r2((ex[key] ?? 0) * 100) }))
      .sort((a, b) => b.Confidence - a.Confidence);
    return {
      AgeRange: { Low: Math.max(0, Math.floor(ag.age - spread)), High: Math.ceil(ag.age + spread) },
      Gender: {
        Value: ag.gender === 'male' ? 'Male' : 'Female',
        Confidence: r2(ag.genderProbability * 100),
      },
      Emotions: emotions,
    };
  } finally {
    input.dispose();
  }
}
