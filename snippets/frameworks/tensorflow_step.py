import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((64,)),
    tf.keras.layers.Dense(32, activation="tanh"),
    tf.keras.layers.Dense(10),
])
model.set_weights([W1, b1, W2, b2])
optimizer = tf.keras.optimizers.SGD(learning_rate=lr)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

@tf.function  # (1)!
def step(X, y):
    with tf.GradientTape() as tape:  # (2)!
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

for _ in range(num_steps):
    loss = step(X, y)

tensorflow_W1 = model.get_weights()[0]
show("TensorFlow", float(loss_fn(y, model(X))), tensorflow_W1)
